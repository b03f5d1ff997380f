//! From positions in a plan's program back to positions in the document.

use std::fmt;

use codemode_runtimes::{Diagnostic, RunOutcome, Span, StackFrame};

/// Maps positions in a [`Plan`](crate::Plan)'s program to positions in the document.
///
/// Lines are 1-based and columns count Unicode code points (1-based; 0 means unknown), as in
/// [`RunOutcome`]. Programs are built by masking the document, so a program line is the
/// document line of the same number; what varies is the column shift of dedented lines
/// (a selection inside a function body, an indented Markdown fence). Lines the plan generated
/// (a call, a doctest harness) map to nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineMap {
    segments: Vec<Segment>,
}

/// A run of program lines that map to consecutive document lines with one column shift.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    /// First program line (1-based).
    pub program_line: u32,
    /// The document line it maps to.
    pub document_line: u32,
    /// How many lines the segment covers.
    pub lines: u32,
    /// Code points removed from the start of each line (added back to columns).
    pub column_shift: u32,
}

impl LineMap {
    /// Program `(line, column)` → document `(line, column)`; `None` for generated lines.
    pub fn to_document(&self, line: u32, column: u32) -> Option<(u32, u32)> {
        let segment = self
            .segments
            .iter()
            .find(|s| s.program_line <= line && line - s.program_line < s.lines)?;
        let column = if column == 0 {
            0
        } else {
            column + segment.column_shift
        };
        Some((
            segment.document_line + (line - segment.program_line),
            column,
        ))
    }

    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// Program line `n` is document line `n`, for `lines` lines.
    pub(crate) fn identity(lines: usize) -> Self {
        let mut map = Self::default();
        if lines > 0 {
            map.segments.push(Segment {
                program_line: 1,
                document_line: 1,
                lines: crate::lines::to_u32(lines),
                column_shift: 0,
            });
        }
        map
    }

    /// Adds the next program line, mapped to `document_line` with `column_shift`.
    pub(crate) fn push(&mut self, program_line: u32, document_line: u32, column_shift: u32) {
        if let Some(last) = self.segments.last_mut()
            && last.program_line + last.lines == program_line
            && last.document_line + last.lines == document_line
            && last.column_shift == column_shift
        {
            last.lines += 1;
            return;
        }
        self.segments.push(Segment {
            program_line,
            document_line,
            lines: 1,
            column_shift,
        });
    }

    /// A program span in document coordinates (the end falls back to the start when it is in
    /// generated code).
    fn span(&self, span: Span) -> Option<Span> {
        let (line, column) = self.to_document(span.line, span.column)?;
        let (end_line, end_column) = self
            .to_document(span.end_line, span.end_column)
            .unwrap_or((line, column));
        Some(Span {
            line,
            column,
            end_line,
            end_column,
        })
    }

    /// A snippet frame in document coordinates; `None` for frames in generated code.
    fn frame(&self, frame: StackFrame) -> Option<StackFrame> {
        if !frame.in_snippet || frame.span.line == 0 {
            return Some(frame);
        }
        let span = self.span(frame.span)?;
        Some(StackFrame { span, ..frame })
    }

    /// Rewrites an outcome of the plan's program into document coordinates: snippet frames
    /// are mapped (frames in generated code are dropped) and each diagnostic is placed at the
    /// innermost remaining snippet frame, else at `anchor`.
    pub(crate) fn outcome(&self, mut outcome: RunOutcome, anchor: Span) -> RunOutcome {
        if let Some(error) = &mut outcome.error {
            let frames = std::mem::take(&mut error.frames);
            error.frames = frames.into_iter().filter_map(|f| self.frame(f)).collect();
        }
        let own: Vec<&StackFrame> = outcome
            .error
            .iter()
            .flat_map(|e| &e.frames)
            .filter(|f| f.in_snippet && f.span.line > 0)
            .collect();
        for diagnostic in &mut outcome.diagnostics {
            *diagnostic = match own.split_last() {
                Some((innermost, outer)) => Diagnostic {
                    span: innermost.span,
                    related: outer.iter().rev().map(|f| (*f).clone()).collect(),
                    ..diagnostic.clone()
                },
                None => Diagnostic {
                    span: anchor,
                    related: Vec::new(),
                    ..diagnostic.clone()
                },
            };
        }
        outcome
    }
}

/// One segment per line: `program 3..=5 → document 3..=5, columns +4`.
impl fmt::Display for LineMap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for s in &self.segments {
            let last = s.lines - 1;
            write!(
                f,
                "program {}..={} → document {}..={}",
                s.program_line,
                s.program_line + last,
                s.document_line,
                s.document_line + last
            )?;
            if s.column_shift > 0 {
                write!(f, ", columns +{}", s.column_shift)?;
            }
            writeln!(f)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_merge_and_map() {
        let mut map = LineMap::default();
        for line in 1..=3 {
            map.push(line, line, 0);
        }
        map.push(4, 4, 4);
        map.push(5, 5, 4);
        assert_eq!(map.segments().len(), 2);
        assert_eq!(map.to_document(2, 7), Some((2, 7)));
        assert_eq!(map.to_document(5, 1), Some((5, 5)));
        assert_eq!(map.to_document(5, 0), Some((5, 0)));
        assert_eq!(map.to_document(6, 1), None);
        assert_eq!(map.to_document(0, 1), None);
        assert_eq!(
            map.to_string(),
            "program 1..=3 → document 1..=3\nprogram 4..=5 → document 4..=5, columns +4\n"
        );
    }
}
