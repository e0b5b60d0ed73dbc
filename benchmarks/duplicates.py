"""Finding duplicates among 10,000 contacts, against a bare read of the same contacts, in one run.

    python benchmarks/duplicates.py [--folder DIR] [--contacts 10000] [--runs 7]

Times ``duplicates.find_pairs`` (shared emails, phones in E.164, LinkedIn profiles, then names
scored with rapidfuzz over blocks) on a folder of 10,000 contacts whose names are drawn from
common given and family names (so some share a name, as in a real address book), with 1 in
50 entered twice: a typo, a credential, "Family, Given", a nickname, another phone spelling.
The baseline is the plain SELECT of the same columns of every live contact. The first call is
shown apart: it also imports rapidfuzz and phonenumbers. With --folder, an existing
folder is measured instead (nothing is written to it).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from networking_folder.services import Folder  # noqa: E402
from networking_folder.store.identity import new_uuid  # noqa: E402

GIVEN = """James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara
Richard Susan Joseph Jessica Thomas Sarah Christopher Karen Charles Lisa Daniel Nancy Matthew
Betty Anthony Sandra Mark Margaret Donald Ashley Steven Kimberly Andrew Emily Paul Donna Joshua
Michelle Kenneth Carol Kevin Amanda Brian Melissa George Deborah Timothy Stephanie Ronald
Rebecca Jason Sharon Edward Laura Jeffrey Cynthia Ryan Dorothy Jacob Amy Gary Kathleen Nicholas
Angela Eric Shirley Jonathan Emma Stephen Brenda Larry Pamela Justin Nicole Scott Anna Brandon
Samantha Benjamin Katherine Samuel Christine Gregory Debra Alexander Rachel Patrick Carolyn
Frank Janet Raymond Maria Jack Olivia Dennis Heather Jerry Helen Tyler Catherine Aaron Diane
Jose Julie Adam Victoria Nathan Joyce Henry Lauren Zachary Kelly Douglas Christina Peter Ruth
Kyle Joan Noah Virginia Ethan Judith Jeremy Evelyn Christian Hannah Walter Andrea Keith Megan
Austin Cheryl Roger Jacqueline Terry Madison Sean Teresa Gerald Abigail Carl Sophia Dylan
Martha Harold Sara Jordan Gloria Jesse Janice Bryan Kathryn Lawrence Ann Arthur Isabella
Gabriel Judy Bruce Charlotte Logan Julia Billy Grace Joe Amber Alan Alice Juan Jean Elijah
Denise Willie Frances Albert Danielle Wayne Marilyn Randy Natalie Mason Beverly Vincent Diana
Liam Brittany Roy Theresa Bobby Kayla Caleb Alexis Bradley Doris Russell Lori Lucas Tiffany
Zoë Łukasz Aisha Kenji Priya Omar Chloé Raj Mateo Sofia Ingrid Wei Mei Hiroshi Fatima Ahmed
Olga Dmitri Siobhan Niamh Sven Astrid Giulia Marco Ana Pedro Lucía Javier Thu Minh""".split()  # noqa: SIM905 (names read better as text)
FAMILY = """Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez
Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White
Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen
Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez
Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy
Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward
Richardson Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes Price Alvarez
Castillo Sanders Patel Myers Long Ross Foster Jimenez Powell Jenkins Perry Russell Sullivan
Bell Coleman Butler Henderson Barnes Gonzales Fisher Vasquez Simmons Romero Jordan Patterson
Alexander Hamilton Graham Reynolds Griffin Wallace Moreno West Cole Hayes Bryant Herrera Gibson
Ellis Tran Medina Aguilar Stevens Murray Ford Castro Marshall Owens Harrison Fernandez
McDonald Woods Washington Kennedy Wells Vargas Henry Chen Freeman Webb Tucker Guzman Burns
Crawford Olson Simpson Porter Hunter Gordon Mendez Silva Shaw Snyder Mason Dixon Munoz Hunt
Hicks Holmes Palmer Wagner Black Robertson Boyd Rose Stone Salazar Fox Warren Mills Meyer Rice
Schmidt Garza Daniels Ferguson Nichols Stephens Soto Weaver Ryan Gardner Payne Grant Dunn Kelley
Spencer Hawkins Arnold Pierce Vazquez Hansen Peters Santos Hart Bradley Knight Elliott
Cunningham Duncan Armstrong Hudson Carroll Lane Riley Andrews Alvarado Ray Delgado Berry
Perkins Hoffman Johnston Matthews Peña Richards Willis Carpenter Lawrence Sandoval Guerrero
George Chapman Rios Estrada Ortega Watkins Greene Nuñez Wheeler Valdez Harper Burke Larson
Santiago Maldonado Morrison Franklin Carlson Austin Dominguez Carr Lawson Jacobs O'Brien Lynch
Singh Vega Bishop Montgomery Oliver Jensen Harvey Williamson Gilbert Dean Sims Espinoza Howell
Li Wang Zhang Liu Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo Tanaka Suzuki Watanabe Ito
Yamamoto Nakamura Kobayashi Müller Schneider Fischer Weber Becker Schulz Ørsted Kowalski
Nowak Wiśniewski Rossi Russo Ferrari Esposito Bianchi Romano Colombo Dubois Lefèvre Moreau
Laurent Petrov Ivanov Smirnov Popov O'Connor Byrne Walsh Doyle Murphy Quinn Kelleher""".split()  # noqa: SIM905
CREDENTIALS = ["CFP®", "CPA", "ChFC", "CLU", "CFA", "MBA", "PhD", "Jr.", "Esq."]
COMPANIES = ["Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Hooli", "Vandelay"]


def typo(rng: random.Random, name: str) -> str:
    """One letter doubled, dropped or swapped with the next: how names go wrong when typed."""
    i = rng.randrange(1, len(name) - 1)
    how = rng.randrange(3)
    if how == 0:
        return name[:i] + name[i] + name[i:]
    if how == 1:
        return name[:i] + name[i + 1 :]
    return name[:i] + name[i + 1] + name[i] + name[i + 2 :]


NICKNAMES = {"Robert": "Bob", "William": "Bill", "James": "Jim", "Michael": "Mike",
             "Richard": "Rick", "Elizabeth": "Liz", "Thomas": "Tom", "Joseph": "Joe",
             "Daniel": "Dan", "Katherine": "Kathy", "Jennifer": "Jen", "Margaret": "Peggy"}


def people(count: int, seed: int = 13) -> tuple[list[tuple], list[tuple[int, int, bool]]]:
    """(name, company, phones, emails, linkedin) for ``count`` contacts, 1 in 50 a second
    entry of someone already made; and those pairs (row numbers from 1, as the ids will be,
    and whether they share a key)."""
    rng = random.Random(seed)
    # Common names come up more often (a Zipf-like weight by rank), as in a real address book.
    given_w = [1 / (r + 25) for r in range(len(GIVEN))]
    family_w = [1 / (r + 25) for r in range(len(FAMILY))]
    made: list[tuple] = []
    twice: list[tuple[int, int, bool]] = []
    for i in range(count):
        if made and rng.random() < 0.02:
            first = rng.randrange(len(made))
            name, company, phones, emails, linkedin = made[first]
            given, _, family = name.partition(" ")
            variant = rng.randrange(6)
            if variant == 0 and len(given) > 3:
                name = f"{typo(rng, given)} {family}"
            elif variant == 1:
                name = f"{name}, {rng.choice(CREDENTIALS)}"
            elif variant == 2:
                name = f"{family}, {given}"
            elif variant == 3 and given in NICKNAMES:
                name = f"{NICKNAMES[given]} {family}"
            elif variant == 4:
                emails = [e.upper() for e in emails]
            else:
                phones = [f"+1 {p[1:4]} {p[6:9]} {p[10:]}" for p in phones]
            keyed = variant >= 4 or "," in made[first][0] or rng.random() < 0.5
            if not keyed:  # half the name variants come without a key: only names find them
                phones, emails, linkedin = [], [], ""
            made.append((name, company, phones, emails, linkedin))
            twice.append((first + 1, i + 1, keyed))
            continue
        given = rng.choices(GIVEN, given_w)[0]
        family = rng.choices(FAMILY, family_w)[0]
        name = f"{given} {family}"
        phones = [f"({200 + i // 10000 % 800}) {555 + i // 10000 % 3:03d}-{i % 10000:04d}"]
        emails = [f"{given.lower()}.{i}@example.com"]
        linkedin = f"https://www.linkedin.com/in/person-{i}" if i % 3 == 0 else ""
        made.append((name, rng.choice(COMPANIES), phones, emails, linkedin))
    return made, twice


def build(directory: Path, count: int) -> None:
    """The contacts, inserted with bulk SQL in one transaction (the services would take a
    minute), through a folder opened by the program so that the schema is the real one."""
    stamp = "2026-11-23 09:00:00"
    with Folder.open(directory) as folder:
        folder.settings.set("calendar.country", "US")
        conn = folder.db.connection()
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO contact (uuid, name, company, phones, emails, linkedin, created_at,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (new_uuid(), name, company, json.dumps(phones), json.dumps(emails), linkedin,
                 stamp, stamp)  # fmt: skip
                for name, company, phones, emails, linkedin in people(count)[0]
            ),
        )
        conn.execute("COMMIT")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path)
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    directory = args.folder
    if directory is None:
        directory = Path(tempfile.mkdtemp(prefix="nf-bench-dups-")) / "folder"
        build(directory, args.contacts)
    from networking_folder.services import duplicates

    bare, ours = [], []
    with Folder.open(directory) as folder:
        began = time.perf_counter()
        pairs = duplicates.find_pairs(folder, limit=None)
        first = time.perf_counter() - began
        for _ in range(args.runs):
            began = time.perf_counter()
            folder.query(
                "SELECT id, uuid, name, company, phones, emails, linkedin, website FROM contact"
                " WHERE deleted_at IS NULL ORDER BY id"
            )
            bare.append(time.perf_counter() - began)
            began = time.perf_counter()
            duplicates.find_pairs(folder, limit=None)
            ours.append(time.perf_counter() - began)
        contacts = folder.counts()["contacts"]
    b, o = statistics.median(bare), statistics.median(ours)
    exact = sum(p.exact for p in pairs)
    print(f"duplicates among {contacts:,} contacts: {exact:,} pairs by a shared key, "
          f"{len(pairs) - exact:,} by names (median of {args.runs} runs):")  # fmt: skip
    print(f"  the plain SELECT of every contact   {b * 1000:6.1f} ms")
    print(f"  find_pairs                          {o * 1000:6.1f} ms, ratio {o / b:.1f}")
    print(f"  find_pairs, first call with imports {first * 1000:6.1f} ms")
    if args.folder is None:  # what was entered twice is known: how much of it was found
        found = {p.ids for p in pairs}
        _, twice = people(args.contacts)
        by_names = [(a, b) for a, b, keyed in twice if not keyed]
        named = sum(pair in found for pair in by_names)
        print(f"  entered twice: {len(twice)}, {len(by_names)} without a shared key; "
              f"{sum((a, b) in found for a, b, _ in twice)} found, {named} of those by names")
        strangers = [p for p in pairs if not p.exact and p.ids not in {t[:2] for t in twice}]
        same = sum(p.reason.startswith("same name") for p in strangers)
        print(f"  pairs of different people, by names: {same:,} with the same name, "
              f"{len(strangers) - same:,} with similar ones")
    return 0


if __name__ == "__main__":
    sys.exit(main())
