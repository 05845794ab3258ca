"""A living site on first start: published SØM calculations as they were published, each
under the organisation that made it, and the project's own example calculation.

The published records repeat only what their sources say, in the part of each page the
project could read: they are marked as published material (origin ``publiceret``), carry
the source's address, and are not recomputed – som-xl does not have their input files.
The Housing First example is computed by som-xl on its shipped, partly illustrative
knowledge package and says so.
"""

from __future__ import annotations

import json

from som_xl.experience.case_link import fields_from_case_file
from som_xl.experience.db import ExperienceDB
from som_xl.paths import examples_dir
from som_xl.vocabulary.accounts import ACTOR_TYPE_OF_ORGANISATION, ORGANISATION_TYPES
from som_xl.vocabulary.review import RecordOrigin, ReviewStatus

ORGANISATION_TYPE_OF_ACTOR = {v: k for k, v in ACTOR_TYPE_OF_ORGANISATION.items()}
"""A record's actor type → its organisation's type (the state's agency is a ``styrelse``)."""
_NOTE = ("Gengivet fra den offentliggjorte kilde; kun de tal, der står dér, er gengivet, og "
         "beregningen er ikke genberegnet af som-xl.")

PUBLISHED: list[dict] = [
    {"title": "Økonomisk analyse af en mulig omdannelse af §110-pladser til skæve boliger",
     "actor_name": "Guldborgsund Kommune", "actor_type": "kommune", "year": 2023,
     "target_group": "hjemloese_voksne", "material_type": "beregning",
     "summary": "Langvarigt hjemløse borgere på §110-forsorgshjem tilbydes en skæv bolig med social "
                "vicevært efter Housing First-principper, med §85-støtte efter behov. Projektperiode "
                "5 år (2024–2028), 10 deltagerforløb i alt på op til 1 år, succesrate 80 % (andelen, "
                "der beholder boligen og ikke vender tilbage til §110). Ifølge Social- og "
                "Boligstyrelsen viser beregningen et positivt budgetøkonomisk resultat for kommunen.",
     "source": "https://www.social.dk/tvaergaaende/soem/erfaringsdatabase/oekonomisk-analyse-af-en-mulig-omdannelse-af-%C2%A7110-pladser-til-skaeve-boliger"},
    {"title": "Økonomisk analyse af en efterforsorgsindsats på et forsorgshjem",
     "actor_name": "Aalborg Kommune", "actor_type": "kommune", "year": 2022,
     "target_group": "hjemloese_voksne", "material_type": "beregning",
     "summary": "Efterforsorg i egen bolig for borgere, der flytter fra forsorgshjem (§110). "
                "Basisalternativ: henvisning til et §85-tilbud. Indsatsen løber 3 år med 120 "
                "deltagere i alt (40 om året), forløb på 3–12 måneder. Effektmål: at beholde egen "
                "bolig et halvt år efter efterforsorgen. Ifølge Social- og Boligstyrelsen et "
                "positivt budgetøkonomisk resultat for kommunen.",
     "source": "https://www.social.dk/tvaergaaende/soem/erfaringsdatabase/oekonomisk-analyse-af-en-efterforsorgsindsats-paa-et-forsorgshjem"},
    {"title": "Økonomisk analyse af R&R2-ADHD",
     "actor_name": "Rambøll Management Consulting for Socialstyrelsen", "actor_type": "organisation",
     "year": 2020, "target_group": "Voksne med ADHD (18-65 år)", "material_type": "beregning",
     "summary": "Manualbaseret 3-måneders gruppeforløb (15 sessioner) med PAL-mentor, afprøvet i "
                "Allerød, Lolland og Odense 2016–2019. I SØM: samlede årlige omkostninger 958.000 kr., "
                "drift i 3 år, 34 gennemførte deltagere om året; succesmål øget beskæftigelse. "
                "Rapporten: et forventet positivt nettoresultat for kommune, region og stat.",
     "source": "https://www.social.dk/tvaergaaende/soem/erfaringsdatabase/oekonomisk-analyse-af-r-r2-adhd"},
    {"title": "Økonomisk analyse af Cool Kids",
     "actor_name": "Socialstyrelsen", "actor_type": "stat", "year": 2019,
     "target_group": "boern_6_13_angst_depression", "material_type": "beregning",
     "summary": "Scenarie: indsatsen løber 3 år med 18 børn (og forældre) om året, 54 deltagere i alt. "
                "Succesmål: mindre kontakt med psykiatrien. Langsigtet positivt nettoresultat på 4,4 "
                "mio. kr., svarende til 81.000 kr. pr. deltager, på ni års sigt – især fra færre "
                "sociale foranstaltninger og mindre brug af specialskole.",
     "source": "https://www.sbst.dk/nyheder/2019/budgetoekonomisk-potentiale-i-indsatserne-cool-kids-og-keep"},
    {"title": "Økonomisk analyse af KEEP",
     "actor_name": "Socialstyrelsen", "actor_type": "stat", "year": 2019,
     "target_group": "Pleje- og netværksfamilier med børn 4-12 år", "material_type": "beregning",
     "summary": "Gruppebaseret forældretræning for pleje- og netværksfamilier. Langsigtet positivt "
                "nettoresultat på ca. 430.000 kr., svarende til 8.000 kr. pr. deltager, på ni års "
                "sigt – især fra færre sociale foranstaltninger og mindre specialskole.",
     "source": "https://www.sbst.dk/nyheder/2019/budgetoekonomisk-potentiale-i-indsatserne-cool-kids-og-keep"},
    {"title": "Økonomisk analyse af Cool Kids i Ikast-Brande",
     "actor_name": "Ikast-Brande Kommune", "actor_type": "kommune", "year": 2020,
     "target_group": "boern_6_13_angst_depression", "material_type": "beregning",
     "summary": "Scenarieanalyse med SØM version 2.2: gruppeforløb for 55 børn og familier over 5 år, "
                "omkostninger fra kommunens egne forløb, succesrate 26 %, succesmål begrænset kontakt "
                "med psykiatrien året efter. Positivt nettoresultat for den offentlige sektor på ca. "
                "1,2 mio. kr.",
     "source": "https://www.social.dk/tvaergaaende/soem/erfaringsdatabase/oekonomisk-analyse-af-cool-kids-1"},
    {"title": "Omkostningsvurdering af Critical Time Intervention (CTI)",
     "actor_name": "Socialstyrelsen", "actor_type": "stat", "year": 2017,
     "target_group": "hjemloese_voksne", "material_type": "omkostningsvurdering",
     "summary": "Scenarie: en kommune ansætter 3 CTI-medarbejdere i 5 år, 10 borgere pr. medarbejder, "
                "forløb på 9 måneder plus en kontaktfase, 33 forløb om året. Omkostning pr. "
                "gennemført deltager ca. 49.000 kr. (følsomhed ca. 41.000–62.000 kr.). Tænkt som "
                "omkostningsinput til SØM.",
     "source": "https://www.sbst.dk/udgivelser/2017/omkostningsvurdering-af-cti"},
]


def _published(entry: dict) -> dict:
    fields = {k: v for k, v in entry.items() if k != "source"}
    fields["summary"] = f"{entry['summary']}\n\n{_NOTE}\nKilde: {entry['source']}"
    fields.update(origin=RecordOrigin.PUBLISHED.value, review_status=ReviewStatus.PUBLISHED.value)
    return fields


def _example() -> dict:
    fields, _ = fields_from_case_file(examples_dir() / "housing_first.json")
    fields.update(actor_name="Eksempelkommune (som-xl)", actor_type="kommune", year=2025,
                  review_status=ReviewStatus.PUBLISHED.value,
                  summary=json.loads(fields["case_json"])["description"] + "\n\nBeregnet af som-xl "
                  "med den medfølgende vidensdatabase, hvis tal delvis er illustrative (ikke SØM's "
                  "officielle estimater).")
    return fields


def seed_if_empty(db: ExperienceDB) -> int:
    """On an empty database: the demo records, each under the organisation it names (so the
    Organisation filter offers every one of them), returns how many."""
    if db.count() or db.accounts.organisations():
        return 0
    records = [_published(e) for e in PUBLISHED] + [_example()]
    for fields in records:
        org_type = ORGANISATION_TYPE_OF_ACTOR.get(fields["actor_type"], fields["actor_type"])
        org = db.accounts.ensure_organisation(fields["actor_name"], org_type
                                              if org_type in ORGANISATION_TYPES else "organisation")
        db.add(fields, organisation_id=org.id)
    return len(records)
