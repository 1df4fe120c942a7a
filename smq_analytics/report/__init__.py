"""Reports: papermill runner (runner), offline HTML export (html), report index (index)."""
