"""Long work, run by the scheduler process and the CLI, never inside a web request: a crawl
and what follows it (coverage proposals, the search index), and the daily digests."""
