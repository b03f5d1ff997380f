//! The smallest edits that turn one text into another.
//!
//! Two passes with `similar` (Myers): lines first, so that unchanged lines cost nothing, then
//! the characters of each changed run of lines, so that a one-character fix is a one-character
//! edit. Characters are tokens (`\r\n` is one token, so no edit starts or ends inside a line
//! break and no UTF-8 character is ever split). Finally, two edits separated by an unchanged
//! stretch no longer than either of them merge into one (the "semantic cleanup" of
//! diff-match-patch), so that `hello` → `world` is one edit rather than a shower of
//! single characters around a coincidental shared `l`.

use std::ops::Range;
use std::time::{Duration, Instant};

use similar::{Algorithm, DiffOp, DiffTag, TextDiff, capture_diff_slices_deadline};

use super::edit::ByteEdit;

/// Past this, `similar` stops looking for the smallest diff and returns a coarser (still
/// correct) one; only huge rewrites get near it.
const DIFF_BUDGET: Duration = Duration::from_millis(250);

/// Sorted, non-overlapping edits (against `old`) that turn `old` into `new`; none if equal.
pub fn minimal_edits(old: &str, new: &str) -> Vec<ByteEdit> {
    let deadline = Instant::now() + DIFF_BUDGET;
    let lines = TextDiff::configure()
        .algorithm(Algorithm::Myers)
        .deadline(deadline)
        .diff_lines(old, new);
    let old_offsets = offsets(lines.old_slices());
    let new_offsets = offsets(lines.new_slices());
    let mut edits = Vec::new();
    for (old_lines, new_lines) in changed_runs(lines.ops()) {
        let old_bytes = old_offsets[old_lines.start]..old_offsets[old_lines.end];
        let new_bytes = new_offsets[new_lines.start]..new_offsets[new_lines.end];
        let refined = refine(&old[old_bytes.clone()], &new[new_bytes], deadline);
        edits.extend(refined.into_iter().map(|edit| shift(edit, old_bytes.start)));
    }
    edits
}

/// The character-level edits of one changed run of lines, relative to its start.
fn refine(old: &str, new: &str, deadline: Instant) -> Vec<ByteEdit> {
    if Instant::now() >= deadline {
        return vec![ByteEdit::new(0..old.len(), new)];
    }
    let (old_tokens, new_tokens) = (tokens(old), tokens(new));
    let ops =
        capture_diff_slices_deadline(Algorithm::Myers, &old_tokens, &new_tokens, Some(deadline));
    let (old_offsets, new_offsets) = (offsets(&old_tokens), offsets(&new_tokens));
    merge_close(changed_runs(&ops))
        .into_iter()
        .map(|(old_range, new_range)| ByteEdit {
            range: old_offsets[old_range.start]..old_offsets[old_range.end],
            new_text: new[new_offsets[new_range.start]..new_offsets[new_range.end]].to_owned(),
        })
        .collect()
}

/// One change as token index ranges: (old, new).
type Run = (Range<usize>, Range<usize>);

/// Each maximal run of non-equal ops.
///
/// Positions come from the ops' lengths, not their indices: `similar` sometimes gives an
/// `Insert` the wrong `old_index` (and a `Delete` the wrong `new_index`, mitsuhiko/similar#78).
fn changed_runs(ops: &[DiffOp]) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    let (mut old_at, mut new_at, mut extending) = (0, 0, false);
    for op in ops {
        let (tag, old, new) = op.as_tag_tuple();
        let (old, new) = (old_at..old_at + old.len(), new_at..new_at + new.len());
        (old_at, new_at) = (old.end, new.end);
        if tag == DiffTag::Equal {
            extending = false;
        } else if extending && let Some(run) = runs.last_mut() {
            run.0.end = old.end;
            run.1.end = new.end;
        } else {
            runs.push((old, new));
            extending = true;
        }
    }
    runs
}

/// Merges neighbouring runs whose unchanged gap is no longer than either run.
fn merge_close(runs: Vec<Run>) -> Vec<Run> {
    let size = |(old, new): &Run| old.len().max(new.len());
    let mut merged: Vec<Run> = Vec::with_capacity(runs.len());
    for run in runs {
        match merged.last_mut() {
            Some(last) if run.0.start - last.0.end <= size(last).min(size(&run)) => {
                last.0.end = run.0.end;
                last.1.end = run.1.end;
            }
            _ => merged.push(run),
        }
    }
    merged
}

/// Characters, with `\r\n` as one token.
fn tokens(text: &str) -> Vec<&str> {
    let mut tokens = Vec::with_capacity(text.len());
    let mut rest = text;
    while let Some(first) = rest.chars().next() {
        let len = if rest.starts_with("\r\n") {
            2
        } else {
            first.len_utf8()
        };
        let (token, tail) = rest.split_at(len);
        tokens.push(token);
        rest = tail;
    }
    tokens
}

/// The byte offset of each token's start, and the total length last.
fn offsets(tokens: &[&str]) -> Vec<usize> {
    let mut offsets = Vec::with_capacity(tokens.len() + 1);
    let mut total = 0;
    offsets.push(0);
    for token in tokens {
        total += token.len();
        offsets.push(total);
    }
    offsets
}

fn shift(edit: ByteEdit, by: usize) -> ByteEdit {
    ByteEdit {
        range: edit.range.start + by..edit.range.end + by,
        new_text: edit.new_text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::apply_edits;
    use crate::text::testing::Rng;

    /// Expected edits: (byte range, new text).
    type Edits = &'static [(Range<usize>, &'static str)];

    /// (name, old, new, expected edits as (range, new text))
    const CASES: &[(&str, &str, &str, Edits)] = &[
        ("equal texts", "a\nb\n", "a\nb\n", &[]),
        ("both empty", "", "", &[]),
        ("from empty", "", "x = 1\n", &[(0..0, "x = 1\n")]),
        ("to empty", "x = 1\n", "", &[(0..6, "")]),
        (
            "one-character fix",
            "if x = 1:\n    pass\n",
            "if x == 1:\n    pass\n",
            &[(6..6, "=")],
        ),
        (
            "transposed letters",
            "def f():\n    retrun 1\n",
            "def f():\n    return 1\n",
            &[(16..18, "ur")],
        ),
        (
            "one-character replacement",
            "x = 1\ny = 2\nz = 3\n",
            "x = 1\ny = 9\nz = 3\n",
            &[(10..11, "9")],
        ),
        ("insertion", "print(x)\n", "print(x, y)\n", &[(7..7, ", y")]),
        (
            "deletion",
            "a = [1, 2, 3]\n",
            "a = [1, 3]\n",
            &[(8..11, "")],
        ),
        ("line inserted", "a\nc\n", "a\nb\nc\n", &[(2..2, "b\n")]),
        ("line deleted", "a\nb\nc\n", "a\nc\n", &[(2..4, "")]),
        (
            "whole line replaced",
            "a\nfoo(1)\nc\n",
            "a\nbar[2]\nc\n",
            &[(2..8, "bar[2]")],
        ),
        (
            "coincidental shared letter",
            "hello\n",
            "world\n",
            &[(0..5, "world")],
        ),
        (
            "distant changes stay apart",
            "prnt(x)\n",
            "print(y)\n",
            &[(2..2, "i"), (5..6, "y")],
        ),
        (
            "two lines changed",
            "a = 1\nb = 2\nc = 3\n",
            "a = 1\nb = 3\nc = 4\n",
            &[(10..11, "3"), (16..17, "4")],
        ),
        (
            "emoji replaced",
            "s = '😀'\n",
            "s = '🙂'\n",
            &[(5..9, "🙂")],
        ),
        ("emoji sharing UTF-8 bytes", "😀", "😁", &[(0..4, "😁")]),
        (
            "combining mark added",
            "cafe\n",
            "cafe\u{301}\n",
            &[(4..4, "\u{301}")],
        ),
        ("CJK", "中文字\n", "中国字\n", &[(3..6, "国")]),
        ("last line without newline", "a\nb", "a\nbc", &[(3..3, "c")]),
        ("newline added at the end", "a", "a\n", &[(1..1, "\n")]),
        ("crlf kept whole", "a\r\nb\r\n", "a\nb\r\n", &[(1..3, "\n")]),
        ("lone cr to crlf", "a\rb", "a\r\nb", &[(1..2, "\r\n")]),
    ];

    #[test]
    fn minimal_edits_are_small_and_exact() {
        for &(name, old, new, expected) in CASES {
            let edits = minimal_edits(old, new);
            let expected: Vec<ByteEdit> = expected
                .iter()
                .map(|(r, t)| ByteEdit::new(r.clone(), *t))
                .collect();
            assert_eq!(edits, expected, "{name}");
            assert_eq!(apply_edits(old, &edits), new, "{name}");
        }
    }

    /// `similar` reports this insertion at old index 4 instead of 7 (mitsuhiko/similar#78).
    #[test]
    fn insertions_after_a_common_suffix_land_at_the_end() {
        let (old, new) = ("ab😀ab \n", "😀\n\n");
        assert_eq!(apply_edits(old, &minimal_edits(old, new)), new);
    }

    /// Edits are sorted, separated by unchanged text, on character boundaries, never inside a
    /// `\r\n`, and they turn `old` into `new`.
    fn check_well_formed(old: &str, new: &str) {
        let edits = minimal_edits(old, new);
        let context = format!("{old:?} -> {new:?}: {edits:?}");
        for pair in edits.windows(2) {
            assert!(pair[0].range.end < pair[1].range.start, "{context}");
        }
        for offset in edits
            .iter()
            .flat_map(|edit| [edit.range.start, edit.range.end])
        {
            assert!(old.is_char_boundary(offset), "{context}");
            assert!(
                !(old[..offset].ends_with('\r') && old[offset..].starts_with('\n')),
                "{context}"
            );
        }
        assert_eq!(apply_edits(old, &edits), new, "{context}");
    }

    #[test]
    fn edits_are_well_formed_for_a_realistic_rewrite() {
        let old =
            "fn main() {\r\n    let s = \"héllo 😀 wörld\";\r\n    println!(\"{s}\");\r\n}\r\n";
        let new =
            "fn main() {\r\n    let t = \"hallo 🙂 world!\";\n    println!(\"{t} {t}\");\r\n}\r\n";
        check_well_formed(old, new);
    }

    #[test]
    fn edits_are_well_formed_for_random_texts() {
        let mut rng = Rng(0x0d1f_f000);
        for _ in 0..3000 {
            let old = rng.text(40);
            let new = if rng.below(2) == 0 {
                rng.text(40)
            } else {
                apply_edits(&old, &rng.edits(&old))
            };
            check_well_formed(&old, &new);
        }
    }

    /// `cargo test -p codemode-service --lib -- --ignored --nocapture minimal_edits_cost`
    #[test]
    #[ignore = "a measurement, not a check; run by hand"]
    #[allow(clippy::print_stderr)]
    fn minimal_edits_cost_on_fifty_thousand_lines() {
        let lines: Vec<String> = (0..50_000)
            .map(|i| format!("value_{i} = compute({i})\n"))
            .collect();
        let old = lines.concat();
        let one_character = old.replacen("compute(25000)", "compute(25001)", 1);
        let scattered: String = lines
            .iter()
            .enumerate()
            .map(|(i, line)| {
                if i % 500 == 0 {
                    line.replace("value", "v")
                } else {
                    line.clone()
                }
            })
            .collect();
        let rewritten: String = lines
            .iter()
            .rev()
            .map(|line| line.replace('_', "-"))
            .collect();
        for (name, new) in [
            ("one character", one_character),
            ("100 lines", scattered),
            ("rewritten", rewritten),
        ] {
            let started = Instant::now();
            let edits = minimal_edits(&old, &new);
            let spent = started.elapsed();
            assert_eq!(apply_edits(&old, &edits), new);
            eprintln!("{name}: {} edits in {spent:?}", edits.len());
        }
    }
}
