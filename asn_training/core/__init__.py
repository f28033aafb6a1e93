"""Pure rules over plain values: identity numbers, the draw and scoring, the self-assessment profile, progress and
certificate eligibility, which signature counts, PINs and verification codes. No I/O, no SQLAlchemy."""
