//! Human forms of sizes and durations on the command line: `256M`, `1.5GiB`, `3s`, `500ms`.

use std::time::Duration;

/// Parses a size: a number with an optional unit. `K`/`M`/`G` (also `KB`, `KiB`, ...) are
/// powers of 1024, as memory limits are everywhere else (Docker, Kubernetes' `Mi`).
pub fn parse_size(text: &str) -> Result<usize, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a size (try 256M, 1G, 65536)"))?;
    let multiplier: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        other => {
            return Err(format!(
                "unknown size unit `{other}` in `{text}` (use K, M or G)"
            ));
        }
    };
    let bytes = number * multiplier as f64;
    if !(1.0..=(u32::MAX as f64 * 4.0)).contains(&bytes) {
        return Err(format!("size `{text}` is out of range"));
    }
    Ok(bytes as usize)
}

/// Parses a duration: `3s`, `500ms`, `1m 30s`; a bare number is seconds.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    if let Ok(seconds) = text.parse::<f64>()
        && seconds > 0.0
        && seconds.is_finite()
    {
        return Ok(Duration::from_secs_f64(seconds));
    }
    let duration = humantime::parse_duration(text)
        .map_err(|e| format!("`{text}` is not a duration (try 3s, 500ms, 1m): {e}"))?;
    if duration.is_zero() {
        return Err("the duration must be greater than zero".into());
    }
    Ok(duration)
}

/// Parses `A:B` (1-based, inclusive) or a single line `A`.
pub fn parse_lines(text: &str) -> Result<(u32, u32), String> {
    let err = || format!("`{text}` is not a line range (use A:B, e.g. 3:10, or a single line)");
    let (a, b) = match text.split_once(':') {
        Some((a, b)) => (
            a.trim().parse().map_err(|_| err())?,
            b.trim().parse().map_err(|_| err())?,
        ),
        None => {
            let a: u32 = text.trim().parse().map_err(|_| err())?;
            (a, a)
        }
    };
    if a == 0 || b < a {
        return Err(format!(
            "`{text}`: lines start at 1 and the range must not be empty"
        ));
    }
    Ok((a, b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("256M"), Ok(256 << 20));
        assert_eq!(parse_size("1GiB"), Ok(1 << 30));
        assert_eq!(parse_size("64k"), Ok(64 << 10));
        assert_eq!(parse_size("1.5G"), Ok(3 << 29));
        assert_eq!(parse_size("4096"), Ok(4096));
        assert!(parse_size("12X").is_err());
        assert!(parse_size("M").is_err());
        assert!(parse_size("0").is_err());
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("3s"), Ok(Duration::from_secs(3)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("2"), Ok(Duration::from_secs(2)));
        assert_eq!(parse_duration("1m 30s"), Ok(Duration::from_secs(90)));
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("0s").is_err());
    }

    #[test]
    fn lines() {
        assert_eq!(parse_lines("3:10"), Ok((3, 10)));
        assert_eq!(parse_lines("7"), Ok((7, 7)));
        assert!(parse_lines("0:3").is_err());
        assert!(parse_lines("5:2").is_err());
        assert!(parse_lines("a:b").is_err());
    }
}
