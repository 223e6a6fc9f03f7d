"""Reading the results of a round: relationship and organization pages, simultaneous release
and the results API. Every figure shown passes through :mod:`parity.web.insights.disclosure`."""
