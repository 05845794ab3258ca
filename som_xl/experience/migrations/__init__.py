"""Alembic revisions of the erfaringsdatabase (run by :mod:`som_xl.experience.migrate`).

``0001`` is the schema som-xl used before migrations (schema version 1): a database made
then is stamped at ``0001`` and upgraded from there. Each revision is frozen: it spells
its tables out instead of importing :mod:`som_xl.experience.model`, which describes only
the newest schema.
"""
