"""What every app's pages share: style, widgets, the error guard, the router, the poller."""
