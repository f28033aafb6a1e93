"""Files to validated, frozen models: scenario banks, the legal registry, pledge texts, the self-assessment
instrument; every problem named by file, line and item; the cached bundle a participant's kernel reads."""
