"""Web input: saved pages and web archives turned into articles with their address, site, title,
publisher and date.

``warc`` reads the HTML responses of a WARC file; ``charset`` decodes a page as it was served;
``page`` finds its main text and metadata (trafilatura), ``dates`` its publication date (htmldate,
then the page's own dateline and address); ``prepare`` is the step a worker runs on each article
before extraction.
"""
