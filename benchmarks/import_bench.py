"""Time and peak memory of `cpts import annuaire-sante` on a national-size synthetic extract.

    python benchmarks/import_bench.py [--lines 2000000 500000] [--territory directory] [--keep]

For each size, writes a `PS_LibreAcces_Personne_activite` file in the published format
(56 columns, `|`, a trailing `|`, UTF-8) of N lines: a share (0.5 % by default) in the territory's communes
(a fifth of them with no INSEE code, found by postcode and town), the rest spread over other
INSEE codes. Then runs the import in a fresh process into a directory holding only the
territory, and reports wall time, CPU time and peak memory (ru_maxrss of the child). Memory
should not grow with N: the file is streamed and only the territory's lines are kept.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "generator"))

from cpts.directory.identifiers import luhn_key  # noqa: E402
from cpts.imports.annuaire import ACTIVITY_COLUMNS  # noqa: E402

HEADER_FILE = ROOT / "tests" / "fixtures" / "imports" / "PS_LibreAcces_Personne_activite_202611300915.txt"
SYLLABLES = ["ba", "lo", "mi", "ra", "te", "vi", "no", "su", "ka", "de", "fo", "zu", "pe", "ri"]
PROFESSIONS = [("10", "Médecin"), ("60", "Infirmier"), ("70", "Masseur-kinésithérapeute"),
               ("21", "Pharmacien"), ("40", "Chirurgien-dentiste"), ("50", "Sage-femme"),
               ("91", "Orthophoniste"), ("93", "Psychologue")]


# Columns every real line fills, so that lines weigh what the national file's do (~415 bytes).
CONSTANT = {
    "Libellé civilité d'exercice": "Docteur", "Code catégorie professionnelle": "C",
    "Libellé catégorie professionnelle": "Civil", "Libellé type savoir-faire": "Spécialité ordinale",
    "Libellé mode exercice": "Libéral, indépendant, artisan, commerçant",
    "Complément destinataire (coord. structure)": "CABINET MEDICAL DES SOURCES",
    "Code pays (coord. structure)": "99000", "Libellé pays (coord. structure)": "France",
    "Autorité d'enregistrement": "CNOM/CNOM/CNOM", "Code secteur d'activité": "SA07",
    "Libellé secteur d'activité": "Cabinet individuel", "Code rôle": "FON-05",
    "Libellé rôle": "Titulaire de cabinet", "Code genre activité": "GENR01",
    "Libellé genre activité": "Activité standard de soin ou de pharmacien",
    "Libellé civilité": "Madame", "Code civilité d'exercice": "DR",
}


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).upper()


def write_extract(path: Path, lines: int, territory: dict, share: float = 0.005, seed: int = 0) -> int:
    """The synthetic extract; returns how many lines belong to the territory."""
    rng = random.Random(seed)
    header = HEADER_FILE.read_text("utf-8").splitlines()[0]
    names = header.rstrip("|").split("|")
    index = {name: i for i, name in enumerate(names)}
    col = {key: index[title] for key, title in ACTIVITY_COLUMNS.items()}
    communes = territory["communes"]
    template = [CONSTANT.get(name, "") for name in names]
    local = 0
    person = 0
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write(header + "\n")
        written = 0
        while written < lines:
            person += 1
            body = f"1{person:09d}"[-10:]
            in_territory = rng.random() < share
            rpps = body + (luhn_key(body) if in_territory else "0")  # only these are imported
            code, label = rng.choice(PROFESSIONS)
            last, first = _name(rng), _name(rng).capitalize()
            for site in range(1 if rng.random() < 0.8 else 2):
                if written >= lines:
                    break
                fields = list(template)
                fields[index["Numéro SIRET site"]] = f"{rng.randint(10**13, 10**14 - 1)}"
                fields[index["Raison sociale site"]] = f"CABINET DU DR {last}"
                fields[index["Adresse e-mail (coord. structure)"]] = f"{last.lower()}@cabinet.example"
                fields[col["id_type"]] = "8"
                fields[col["id_pp"]] = rpps
                fields[index["Identification nationale PP"]] = "8" + rpps
                fields[col["civility_code"]] = rng.choice(("M", "MME"))
                fields[col["last_name"]], fields[col["first_name"]] = last, first
                fields[col["profession_code"]], fields[col["profession_label"]] = code, label
                if code == "10":
                    fields[col["skill_type"]], fields[col["skill_code"]] = "S", "SM54"
                    fields[col["skill_label"]] = "Médecine générale"
                fields[col["mode"]] = "L"
                fields[col["structure_id"]] = f"S{person:08d}{site}"
                fields[col["street_number"]] = str(rng.randint(1, 120))
                fields[col["street_type"]] = "Rue"
                fields[col["street"]] = _name(rng)
                fields[col["phone"]] = f"04657{rng.randint(0, 99999):05d}"
                if in_territory:
                    commune = rng.choice(communes)
                    fields[col["postcode"]] = commune["codes_postaux"][0]
                    if rng.random() < 0.2:  # no INSEE code: postcode and town
                        fields[col["town"]] = commune["nom"].upper()
                    else:
                        fields[col["insee"]], fields[col["town"]] = commune["insee"], commune["nom"]
                    local += 1
                else:
                    department = rng.randint(10, 95)
                    fields[col["postcode"]] = f"{department}{rng.randint(0, 999):03d}"
                    fields[col["insee"]] = f"{department}{rng.randint(1, 700):03d}"
                    fields[col["town"]] = _name(rng)
                out.write("|".join(fields) + "|\n")
                written += 1
    return local


# The import in a fresh process that reports its own CPU time and peak memory on stderr.
_CHILD = """
import resource, sys
from cpts.cli import main
code = main(["import", "annuaire-sante", sys.argv[1], "--directory", sys.argv[2],
             "--extrait-le", "2026-11-30"])
usage = resource.getrusage(resource.RUSAGE_SELF)
print(usage.ru_utime + usage.ru_stime, usage.ru_maxrss, file=sys.stderr)
sys.exit(code)
"""


def measure(lines: int, territory_dir: Path, work: Path, keep: bool,
            share: float = 0.005) -> dict[str, float]:
    territory = yaml.safe_load((territory_dir / "territoire.yml").read_text("utf-8"))
    extract = work / f"PS_LibreAcces_Personne_activite_{lines}.txt"
    started = time.perf_counter()
    local = write_extract(extract, lines, territory, share)
    generated = time.perf_counter() - started
    directory = work / f"directory-{lines}"
    directory.mkdir()
    shutil.copy(territory_dir / "territoire.yml", directory / "territoire.yml")
    if (territory_dir / "communes.geojson").exists():
        shutil.copy(territory_dir / "communes.geojson", directory / "communes.geojson")
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _CHILD, str(extract), str(directory)],
                          capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(proc.stdout + proc.stderr)
    cpu, peak_kb = (float(v) for v in proc.stderr.strip().splitlines()[-1].split())
    files = len(list((directory / "professionnels").glob("*.yml")))
    size = extract.stat().st_size
    if not keep:
        extract.unlink()
    return {"lines": lines, "mb": size / 1e6, "local_lines": local, "files": files,
            "generate_s": generated, "wall_s": wall,
            "cpu_s": cpu, "peak_mb": peak_kb / 1024}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, nargs="+", default=[2_000_000])
    parser.add_argument("--territory", type=Path, default=ROOT / "directory",
                        help="a directory with territoire.yml (by default the demo's, 21 communes)")
    parser.add_argument("--share", type=float, default=0.005,
                        help="the share of people practising in the territory (0.005: ~8,000 of 2 "
                             "million lines, far more than a real CPTS's 80 to 300)")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cpts-import-bench-"))
    print("| lines | file MB | territory lines | files written | wall s | CPU s | peak MB |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    try:
        for lines in args.lines:
            r = measure(lines, args.territory, work, args.keep, args.share)
            print(f"| {r['lines']:,} | {r['mb']:.0f} | {r['local_lines']:,} | {r['files']:,} | "
                  f"{r['wall_s']:.1f} | {r['cpu_s']:.1f} | {r['peak_mb']:.0f} |", flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"Files kept in {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
