"""The toolkit: app-independent pieces every app may use (pictures, Markdown, text of one line,
slugs, caches, counters, the PC4 map, spreadsheets, charts, statistics, limits, sending one
mail, and the one place that uses Django's private query API). It imports no app and nothing
else of the project package; import-linter checks that for every module in it."""
