"""The graph: schema, ids, records, the GraphStore protocol and its backends."""
