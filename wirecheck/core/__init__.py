"""What every layer shares: typed errors, verdicts as data, opt-in timers."""
