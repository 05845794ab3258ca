"""som_xl: SØM, Den Socialøkonomiske Investeringsmodel, as a tested engine for Excel."""

__version__ = "0.1.0"
