"""Trial management (审判管理): the court leaders' dashboard — intake, registrations and closures, clearance, time
limits, execution money and cross-region filings — and its charts."""
