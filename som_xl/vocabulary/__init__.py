"""The vocabularies som_xl's data draw from, one module each.

Each module owns one closed list of words and their Danish labels; the knowledge
checks, the case schema, the workbook's drop-down lists, the experience database and
the reports take them from here and nowhere else:

* :mod:`~som_xl.vocabulary.areas` – areas (områder) results are grouped by;
* :mod:`~som_xl.vocabulary.units` – units an item is counted in;
* :mod:`~som_xl.vocabulary.qualities` – quality of a figure (sourced, derived, illustrative,
  the user's) and the classes the outputs count;
* :mod:`~som_xl.vocabulary.sources` – kinds of source (primary, secondary) and of effect (net, level);
* :mod:`~som_xl.vocabulary.origins` – where a price in use came from;
* :mod:`~som_xl.vocabulary.costs` – cost kinds and bases and the words the sheets use;
* :mod:`~som_xl.vocabulary.evidence` – SØM's evidence levels;
* :mod:`~som_xl.vocabulary.actor_types` – who made a calculation or shares experience;
* :mod:`~som_xl.vocabulary.materials` – material types of the experience database;
* :mod:`~som_xl.vocabulary.review` – review statuses of the experience database;
* :mod:`~som_xl.vocabulary.accounts` – organisation types and roles on its web site;
* :mod:`~som_xl.vocabulary.target_groups` – the words for the user's own target group.

The actor axis (kommune, region, stat) is not a vocabulary but the model's entities:
:mod:`som_xl.core.entities`. Nothing is imported here; import the module you need.
"""
