"""The demo: sample blogs served locally, crawled, ranked and worked, for a newcomer's first run."""
