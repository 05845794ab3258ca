"""``som-xl experience serve | users add | token create|list|revoke``: run the erfaringsdatabase as a
web site and manage its accounts (registered by :mod:`som_xl.cli.experience`)."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import secrets
import sys

from som_xl.cli.arguments import whole_number
from som_xl.errors import InputError, Problem
from som_xl.vocabulary.accounts import ORGANISATION_TYPES, ROLES


def register(cmds, common: argparse.ArgumentParser) -> None:
    serve = cmds.add_parser("serve", parents=[common], help="start erfaringsdatabasen som hjemmeside")
    serve.add_argument("--host", default="127.0.0.1", help="adresse at lytte på (standard 127.0.0.1: "
                                                          "kun denne maskine)")
    serve.add_argument("--port", type=whole_number, default=8000, help="port (standard 8000)")
    serve.add_argument("--workers", type=whole_number, default=1, help="antal arbejdsprocesser (standard 1)")
    serve.add_argument("--no-seed", action="store_true", help="læg ikke eksempelposter ind i en tom database")
    serve.set_defaults(func=run_serve)

    users = cmds.add_parser("users", help="brugere på hjemmesiden")
    users_cmds = users.add_subparsers(dest="users_command", metavar="HANDLING")
    users.set_defaults(func=lambda args: (users.print_help(), 2)[1])
    add = users_cmds.add_parser("add", parents=[common], help="opret en bruger")
    add.add_argument("email", help="brugerens e-mail (bruges til at logge ind)")
    add.add_argument("--org", required=True, help="organisationens navn, fx 'Aarhus Kommune'")
    add.add_argument("--org-type", default="kommune", help="organisationstype: " + ", ".join(ORGANISATION_TYPES))
    add.add_argument("--role", default="bidragyder", help="rolle: " + ", ".join(ROLES))
    add.add_argument("--name", help="brugerens navn")
    add.add_argument("--password-stdin", action="store_true",
                     help="læs adgangskoden fra standard input (ellers spørges der, eller der laves en)")
    add.set_defaults(func=run_users_add)

    token = cmds.add_parser("token", help="adgangstokens til maskiner (API, --server, regnearket)")
    token_cmds = token.add_subparsers(dest="token_command", metavar="HANDLING")
    token.set_defaults(func=lambda args: (token.print_help(), 2)[1])
    create = token_cmds.add_parser("create", parents=[common], help="lav et token (vises kun én gang)")
    create.add_argument("email", help="brugeren, tokenet handler på vegne af")
    create.add_argument("--label", help="hvad tokenet bruges til, fx 'regnearket på min pc'")
    create.add_argument("--days", type=int, help="udløber efter så mange dage (standard: aldrig, kun tilbagekaldt)")
    create.set_defaults(func=run_token_create)
    listing = token_cmds.add_parser("list", parents=[common], help="vis en brugers tokens, der virker")
    listing.add_argument("email", help="brugeren")
    listing.set_defaults(func=run_token_list)
    revoke = token_cmds.add_parser("revoke", parents=[common],
                                   help="tilbagekald et token (også opgaverudens login) eller dem alle")
    revoke.add_argument("email", help="brugeren")
    which = revoke.add_mutually_exclusive_group(required=True)
    which.add_argument("--id", type=int, help="tokenets nummer (se 'token list')")
    which.add_argument("--all", action="store_true", help="alle brugerens tokens")
    revoke.set_defaults(func=run_token_revoke)


def run_serve(args) -> int:
    # lazy: sqlalchemy and the experience database (≈0.4 s) load when the command runs
    from som_xl.web.serve import serve

    return serve(host=args.host, port=args.port, db=args.db, workers=args.workers,
                 seed=not args.no_seed)


def _password(args) -> tuple[str, bool]:
    """The new user's password and whether it was generated here (then it is printed)."""
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n"), False
    if sys.stdin.isatty():
        first = getpass.getpass("Adgangskode (mindst 10 tegn): ")
        if first != getpass.getpass("Gentag adgangskoden: "):
            raise InputError([Problem("mismatch", "adgangskode", "de to adgangskoder er ikke ens.")])
        return first, False
    return secrets.token_urlsafe(12), True


def run_users_add(args) -> int:
    # lazy: sqlalchemy and the experience database (≈0.4 s) load when the command runs
    from som_xl.experience import open_db

    password, generated = _password(args)
    with open_db(args.db) as db:
        user = db.accounts.add_user(args.email, organisation=args.org, org_type=args.org_type,
                                    role=args.role, password=password, name=args.name)
    print(f"Oprettet: {user.email}, {user.role_label} i {user.organisation.name} "
          f"({user.organisation.org_type_label}).")
    if generated:
        print(f"Adgangskode: {password}  (vises kun nu; giv den til brugeren ad en sikker vej)")
    return 0


def run_token_create(args) -> int:
    # lazy: sqlalchemy and the experience database (≈0.4 s) load when the command runs
    from som_xl.experience import open_db

    if args.days is not None and args.days < 1:
        raise InputError([Problem("days", "--days", "skal være mindst 1 dag.")])
    lifetime = dt.timedelta(days=args.days) if args.days else None
    with open_db(args.db) as db:
        token, user = db.accounts.create_token(args.email, args.label, lifetime)
    print(token)
    print(f"Token til {user.email} ({user.organisation.name}). Det vises kun nu; gem det fx i "
          "$SOM_XL_EXPERIENCE_TOKEN eller som token i som-xl's config.toml.", file=sys.stderr)
    return 0


def run_token_list(args) -> int:
    # lazy: sqlalchemy and the experience database (≈0.4 s) load when the command runs
    from som_xl.experience import open_db

    with open_db(args.db) as db:
        tokens = db.accounts.tokens(args.email)
    if not tokens:
        print(f"{args.email} har ingen tokens, der virker.")
    for t in tokens:
        until = t.expires_at.strftime("%Y-%m-%d %H:%M UTC") if t.expires_at else "til det tilbagekaldes"
        print(f"nr. {t.id}: {t.label or '(uden navn)'}, lavet {t.created_at:%Y-%m-%d %H:%M} UTC, gælder {until}")
    return 0


def run_token_revoke(args) -> int:
    # lazy: sqlalchemy and the experience database (≈0.4 s) load when the command runs
    from som_xl.experience import open_db

    with open_db(args.db) as db:
        count = db.accounts.revoke_tokens(args.email, None if args.all else args.id)
    if not count and not args.all:
        raise InputError([Problem("token", "--id", f"{args.email} har intet token nr. {args.id}, der virker.")])
    print(f"Tilbagekaldt: {count} token(s) for {args.email}.")
    return 0
