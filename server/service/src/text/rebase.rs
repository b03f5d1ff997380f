//! Moving edits computed against an older text onto the current one, when the user typed
//! while the edits were being computed (the AI loop works on a snapshot).
//!
//! The user's changes are recovered with [`minimal_edits`] (old → current). Where none of
//! them overlaps or touches one of our edits, ours shift by the length change of the user's
//! edits before them; otherwise the whole rebase is refused. The user's typing is never
//! rewritten: each rebased edit replaces exactly the text it replaced in the old version.

use std::ops::Range;

use ropey::Rope;

use super::diff::minimal_edits;
use super::edit::ByteEdit;
use super::lines::Lines;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RebaseError {
    /// A change made since the edits' base version overlaps or touches one of them. Ranges are
    /// bytes of the base (old) text; `line` is the 1-based line of our edit there.
    #[error(
        "the document changed where the fix applies: a change made meanwhile (bytes {theirs:?} \
         of the text the fix started from) touches the fix's edit at line {line} (bytes {ours:?}); \
         the fix was not applied, run it again on the current text"
    )]
    Conflict {
        ours: Range<usize>,
        theirs: Range<usize>,
        line: usize,
    },
}

/// `ours` (sorted, non-overlapping, against `old_text`) moved onto `current_text`, or the first
/// conflict with what changed between the two texts. Touching counts as a conflict: an
/// insertion right at the edge of one of our edits is ambiguous, so it is refused.
pub fn rebase(
    ours: &[ByteEdit],
    old_text: &str,
    current_text: &str,
) -> Result<Vec<ByteEdit>, RebaseError> {
    if old_text == current_text {
        return Ok(ours.to_vec());
    }
    let theirs = minimal_edits(old_text, current_text);
    let mut theirs = theirs.iter().peekable();
    let mut shift = 0isize;
    let mut rebased = Vec::with_capacity(ours.len());
    for edit in ours {
        while let Some(before) = theirs.next_if(|their| their.range.end < edit.range.start) {
            shift += before.len_change();
        }
        if let Some(their) = theirs
            .peek()
            .filter(|their| their.range.start <= edit.range.end)
        {
            return Err(conflict(edit, their, old_text));
        }
        rebased.push(moved(edit, shift));
    }
    Ok(rebased)
}

fn moved(edit: &ByteEdit, shift: isize) -> ByteEdit {
    let at = |offset: usize| {
        offset
            .checked_add_signed(shift)
            .expect("edits before this one end before it")
    };
    ByteEdit::new(
        at(edit.range.start)..at(edit.range.end),
        edit.new_text.clone(),
    )
}

fn conflict(ours: &ByteEdit, theirs: &ByteEdit, old_text: &str) -> RebaseError {
    let line = Lines::new(&Rope::from_str(old_text)).line_of(ours.range.start) + 1;
    RebaseError::Conflict {
        ours: ours.range.clone(),
        theirs: theirs.range.clone(),
        line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::apply_edits;
    use crate::text::testing::Rng;

    const OLD: &str = "def f():\n    retrun 1\n\nprint(f())\n";
    const FIXED: &str = "def f():\n    return 1\n\nprint(f())\n";

    #[test]
    fn edits_move_past_typing_elsewhere() {
        let ours = minimal_edits(OLD, FIXED);
        let cases = [
            (
                "typed above",
                "# note\ndef f():\n    retrun 1\n\nprint(f())\n",
                "# note\n",
            ),
            (
                "typed below",
                "def f():\n    retrun 1\n\nprint(f())\nprint(2)\n",
                "",
            ),
            ("deleted above", "f():\n    retrun 1\n\nprint(f())\n", ""),
            ("nothing typed", OLD, ""),
        ];
        for (name, current, _) in cases {
            let rebased = rebase(&ours, OLD, current).unwrap_or_else(|e| panic!("{name}: {e}"));
            let expected = current.replace("retrun", "return");
            assert_eq!(apply_edits(current, &rebased), expected, "{name}");
        }
    }

    #[test]
    fn edits_where_the_user_typed_are_refused() {
        let ours = minimal_edits(OLD, FIXED); // replaces "tr" (bytes 16..18) with "ur"
        assert_eq!(ours, [ByteEdit::new(16..18, "ur")]);
        let cases = [
            (
                "same word rewritten",
                "def f():\n    return 1\n\nprint(f())\n",
                16..18,
            ),
            (
                "typed inside",
                "def f():\n    retXrun 1\n\nprint(f())\n",
                16..16,
            ),
            (
                "typed right after (touching)",
                "def f():\n    retruXn 1\n\nprint(f())\n",
                18..18,
            ),
            ("line deleted", "def f():\n\nprint(f())\n", 9..22),
        ];
        for (name, current, theirs) in cases {
            let error = rebase(&ours, OLD, current).unwrap_err();
            assert_eq!(
                error,
                RebaseError::Conflict {
                    ours: 16..18,
                    theirs,
                    line: 2
                },
                "{name}"
            );
        }
    }

    #[test]
    fn a_conflict_explains_itself() {
        let ours = [ByteEdit::new(16..18, "ur")];
        let message = rebase(&ours, OLD, "").unwrap_err().to_string();
        assert!(
            message.contains("line 2") && message.contains("run it again"),
            "{message}"
        );
    }

    #[test]
    fn touching_means_sharing_an_end() {
        // (our range, the user's range in the old text "0123456789", conflict?)
        let cases = [
            (3..5, 0..2, false),
            (3..5, 0..3, true),
            (3..5, 5..5, true),
            (3..5, 6..7, false),
            (3..3, 3..3, true),
        ];
        for (ours, theirs, conflicts) in cases {
            let old = "0123456789";
            let current = apply_edits(old, &[ByteEdit::new(theirs.clone(), "XY")]);
            let result = rebase(&[ByteEdit::new(ours.clone(), "!")], old, &current);
            assert_eq!(
                result.is_err(),
                conflicts,
                "ours {ours:?}, theirs {theirs:?}: {result:?}"
            );
        }
    }

    /// Ours and the user's edits all applied to the old text at once (they are disjoint).
    fn both_applied(old: &str, ours: &[ByteEdit], theirs: &[ByteEdit]) -> String {
        let mut all: Vec<ByteEdit> = ours.iter().chain(theirs).cloned().collect();
        all.sort_by_key(|edit| (edit.range.start, edit.range.end));
        apply_edits(old, &all)
    }

    #[test]
    fn rebasing_never_loses_the_users_typing() {
        let mut rng = Rng(0x00c0_de00);
        let (mut moved_past_typing, mut conflicts) = (0, 0);
        for case in 0..3000 {
            let old = rng.text(60);
            let ours = rng.edits(&old);
            let current = apply_edits(&old, &rng.edits(&old));
            let context = format!("case {case}: old {old:?}, ours {ours:?}, current {current:?}");
            let theirs = minimal_edits(&old, &current);
            match rebase(&ours, &old, &current) {
                Ok(rebased) => {
                    moved_past_typing += usize::from(!ours.is_empty() && !theirs.is_empty());
                    for (moved, edit) in rebased.iter().zip(&ours) {
                        assert_eq!(
                            current[moved.range.clone()],
                            old[edit.range.clone()],
                            "{context}"
                        );
                    }
                    let result = apply_edits(&current, &rebased);
                    assert_eq!(result, both_applied(&old, &ours, &theirs), "{context}");
                }
                Err(RebaseError::Conflict {
                    ours: mine,
                    theirs: users,
                    ..
                }) => {
                    conflicts += 1;
                    assert!(
                        users.start <= mine.end && mine.start <= users.end,
                        "{context}"
                    );
                    assert!(ours.iter().any(|edit| edit.range == mine), "{context}");
                    assert!(theirs.iter().any(|edit| edit.range == users), "{context}");
                }
            }
        }
        // Not vacuous: many edits really moved past typing, and many conflicts were found.
        assert!(
            moved_past_typing > 700 && conflicts > 300,
            "{moved_past_typing} moved, {conflicts} conflicts"
        );
    }
}
