"""What a citizen reads: the page list and URLs, the Markdown of every page (Jinja2
templates), the charts, the open data, the feeds and the page's security policy."""
