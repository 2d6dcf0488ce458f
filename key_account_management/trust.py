"""Nothing a caller sends decides a rule.

The add-on's own calls sometimes need to pass a rule by (the stage gate
placing a deal in its first stage, the settings writing every weight before
the total is checked, a job writing a tier). They say so with a context
flag whose value is ``TRUSTED``: a caller of the external API or the web
client sends JSON, so it can send the key but never this object, and a flag
holding anything else is ignored.
"""

TRUSTED = object()


def trusted(records, flag):
    """``records`` with ``flag`` raised, for the add-on's own call."""
    return records.with_context(**{flag: TRUSTED})


def is_trusted(env, flag):
    """Whether the add-on itself raised ``flag`` (never a caller)."""
    return env.context.get(flag) is TRUSTED
