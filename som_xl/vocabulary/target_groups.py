"""The words for a target group of the user's own (not in the knowledge package)."""

OWN_TARGET_GROUP = "Egen målgruppe"
"""What the Målgruppe drop-down, the sheets and the report call it (``target_group: null``)."""
