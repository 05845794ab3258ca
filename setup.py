"""Copies the top-level data (knowledge_tables/, examples/, the template) into the wheel.

The project keeps these at the top of the repository, where people look for them; an
installed som_xl finds its own copy under ``som_xl/_shipped`` (see ``som_xl/paths.py``).
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


class BuildPyWithData(build_py):
    def run(self):
        super().run()
        target = Path(self.build_lib) / "som_xl" / "_shipped"
        for name, shipped in (("knowledge_tables", "knowledge_tables"), ("examples", "examples"),
                              ("tests/cases", "case_tests")):  # som-xl test runs them installed too
            src = HERE / name
            if src.is_dir():
                shutil.copytree(src, target / shipped, dirs_exist_ok=True,
                                ignore=shutil.ignore_patterns("*.py", "__pycache__"))
        template = HERE / "workbook_template.xlsm"
        if template.exists():
            target.mkdir(parents=True, exist_ok=True)
            shutil.copy2(template, target / template.name)


setup(cmdclass={"build_py": BuildPyWithData})
