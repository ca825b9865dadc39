"""Refresh the national commune table shipped in generator/cpts/territory/data/.

Source: the npm package @etalab/decoupage-administratif (Licence Ouverte), fetched with
`npm pack` from the npm registry. Keeps the current communes (metropolitan and overseas 971–976).
Usage: python scripts/refresh-communes.py [VERSION]
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "@etalab/decoupage-administratif"
VERSION = "6.0.0"
DATA = Path(__file__).resolve().parent.parent / "generator" / "cpts" / "territory" / "data"


def main() -> None:
    version = sys.argv[1] if len(sys.argv) > 1 else VERSION
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", f"{PACKAGE}@{version}"], cwd=tmp, check=True,
                       stdout=subprocess.DEVNULL)
        archive = next(Path(tmp).glob("*.tgz"))
        with tarfile.open(archive) as tar:
            communes = json.load(tar.extractfile("package/data/communes.json"))  # type: ignore[arg-type]
            epcis = json.load(tar.extractfile("package/data/epci.json"))  # type: ignore[arg-type]
    epci_of = {m["code"]: e["code"] for e in epcis for m in e["membres"]}
    rows = [
        [c["code"], c["nom"], " ".join(c.get("codesPostaux", [])), c.get("population", 0),
         epci_of.get(c["code"], ""), c["departement"]]
        for c in communes
        if c["type"] == "commune-actuelle" and (c["zone"] == "metro" or c["departement"] in
                                                 {"971", "972", "973", "974", "976"})
    ]
    _write(DATA / "communes.csv.gz", ["insee", "nom", "codes_postaux", "population", "epci",
                                      "departement"], rows)
    _write(DATA / "epci.csv.gz", ["siren", "nom", "membres"],
           [[e["code"], e["nom"], len(e["membres"])] for e in epcis])
    (DATA / "source.json").write_text(json.dumps({
        "paquet": PACKAGE, "version": version, "licence": "Licence Ouverte 2.0",
        "fichiers": ["data/communes.json", "data/epci.json"], "communes": len(rows),
    }, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"{len(rows)} communes, {len(epcis)} EPCI ({PACKAGE}@{version})")


def _write(path: Path, header: list[str], rows: list[list]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(sorted(rows))
    path.write_bytes(gzip.compress(buffer.getvalue().encode("utf-8"), mtime=0))


if __name__ == "__main__":
    main()
