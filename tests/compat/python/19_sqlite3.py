# sqlite3 with an in-memory database.
import sqlite3

conn = sqlite3.connect(":memory:")
conn.row_factory = sqlite3.Row
cur = conn.cursor()
cur.execute("CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL, age INTEGER, team TEXT)")
people = [("Ann", 31, "red"), ("Bob", 25, "blue"), ("Cy", 42, "red"), ("Di", 25, "green"), ("Ed", None, "blue")]
cur.executemany("INSERT INTO people (name, age, team) VALUES (?, ?, ?)", people)
conn.commit()
print(cur.execute("SELECT COUNT(*) FROM people").fetchone()[0])
for row in cur.execute("SELECT name, age FROM people WHERE age > ? ORDER BY age DESC", (26,)):
    print(dict(row))
print([tuple(r) for r in cur.execute(
    "SELECT team, COUNT(*), AVG(age) FROM people GROUP BY team ORDER BY team")])
print([tuple(r) for r in cur.execute(
    "SELECT name, RANK() OVER (ORDER BY age) FROM people WHERE age IS NOT NULL ORDER BY name")])
cur.execute("UPDATE people SET age = age + 1 WHERE team = :team", {"team": "red"})
print(cur.rowcount, [r["age"] for r in cur.execute("SELECT age FROM people WHERE team = 'red'")])
cur.execute("CREATE TABLE scores (person_id INTEGER REFERENCES people(id), points REAL)")
cur.executemany("INSERT INTO scores VALUES (?, ?)", [(1, 10.5), (1, 4), (2, 7), (3, 1.25)])
print([tuple(r) for r in cur.execute("""
    SELECT p.name, SUM(s.points) AS total FROM people p JOIN scores s ON s.person_id = p.id
    GROUP BY p.id HAVING total > 2 ORDER BY total DESC""")])
print(cur.execute("SELECT upper('abc'), length('héllo'), 7 / 2, 7 / 2.0, abs(-3), coalesce(NULL, 'x')").fetchone()[:])
conn.create_function("double", 1, lambda x: x * 2)
print(cur.execute("SELECT double(21)").fetchone()[0])
try:
    cur.execute("INSERT INTO people (name) VALUES (NULL)")
except sqlite3.IntegrityError as e:
    print("IntegrityError:", e)
with conn:
    conn.execute("DELETE FROM people WHERE age IS NULL")
print(conn.execute("SELECT COUNT(*) FROM people").fetchone()[0], conn.total_changes)
print([tuple(r) for r in conn.execute("WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 5) SELECT n * n FROM c")])
conn.close()
