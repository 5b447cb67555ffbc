"""Analysts correct the graph: judgements on edges (confirm, reject, correct), facts added by hand
with a cited source, the review queue, the per-rule share of confirmed edges, and decisions as
CSV files. The stores keep the log and gate their writes by it (``renda.graph.judged``); the
modules here decide what a judgement does to the graph when it is made."""
