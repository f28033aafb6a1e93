"""The task API: one function per user action, each one transaction with its audit entry inside it. The CLI, every
app and the tests call these; none of them talks to the store directly."""
