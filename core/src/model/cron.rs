//! Cron schedules: Coolify's frequency names and five-field expressions, checked the way the
//! CronJob controller parses them (robfig/cron's standard parser).

/// Coolify's named frequencies.
const NAMED: [(&str, &str); 6] = [
    ("every_minute", "* * * * *"),
    ("hourly", "0 * * * *"),
    ("daily", "0 0 * * *"),
    ("weekly", "0 0 * * 0"),
    ("monthly", "0 0 1 * *"),
    ("yearly", "0 0 1 1 *"),
];

const MACROS: [&str; 7] = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"];

const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const DAYS: [&str; 7] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

/// The CronJob schedule for a Coolify frequency, or why it is not one.
pub fn schedule(frequency: &str) -> Result<String, String> {
    let f = frequency.trim();
    if let Some((_, expr)) = NAMED.iter().find(|(n, _)| *n == f) {
        return Ok((*expr).to_owned());
    }
    if f.starts_with('@') {
        return if MACROS.contains(&f) { Ok(f.to_owned()) } else { Err(format!("`{f}` is not a cron macro (@hourly, @daily, @weekly, @monthly, @yearly)")) };
    }
    let fields: Vec<&str> = f.split_whitespace().collect();
    if fields.len() != 5 {
        return Err(format!("`{f}` is not a cron expression: it needs five fields (minute hour day-of-month month day-of-week), it has {}", fields.len()));
    }
    let specs: [(&str, u32, u32, &[&str]); 5] =
        [("minute", 0, 59, &[]), ("hour", 0, 23, &[]), ("day of month", 1, 31, &[]), ("month", 1, 12, &MONTHS), ("day of week", 0, 7, &DAYS)];
    for (field, (name, lo, hi, names)) in fields.iter().zip(specs) {
        check_field(field, lo, hi, names).map_err(|why| format!("`{f}`: the {name} field `{field}` {why}"))?;
    }
    Ok(fields.join(" "))
}

fn value(text: &str, lo: u32, names: &[&str]) -> Result<u32, String> {
    if let Ok(n) = text.parse::<u32>() {
        return Ok(n);
    }
    let lower = text.to_ascii_lowercase();
    match names.iter().position(|n| *n == lower) {
        Some(i) => Ok(i as u32 + lo),
        None => Err(format!("has `{text}`, which is not a number")),
    }
}

fn check_field(field: &str, lo: u32, hi: u32, names: &[&str]) -> Result<(), String> {
    for part in field.split(',') {
        let (range, step) = match part.split_once('/') {
            Some((r, s)) => (r, Some(s)),
            None => (part, None),
        };
        if let Some(s) = step {
            match s.parse::<u32>() {
                Ok(n) if n > 0 => {}
                _ => return Err(format!("has step `{s}`, which is not a positive number")),
            }
        }
        if range == "*" || range == "?" {
            continue;
        }
        let (a, b) = match range.split_once('-') {
            Some((a, b)) => (value(a, lo, names)?, value(b, lo, names)?),
            None => {
                let v = value(range, lo, names)?;
                (v, v)
            }
        };
        if a < lo || b > hi || a > b {
            return Err(format!("is outside {lo}–{hi}"));
        }
        if range.is_empty() {
            return Err("is empty".to_owned());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::schedule;

    #[test]
    fn schedules() {
        assert_eq!(schedule("daily").as_deref(), Ok("0 0 * * *"));
        assert_eq!(schedule("*/5 * * * *").as_deref(), Ok("*/5 * * * *"));
        assert_eq!(schedule("0 9-17 * JAN-MAR mon-fri").as_deref(), Ok("0 9-17 * JAN-MAR mon-fri"));
        assert_eq!(schedule("@hourly").as_deref(), Ok("@hourly"));
        assert!(schedule("60 * * * *").is_err());
        assert!(schedule("* * *").is_err());
        assert!(schedule("*/0 * * * *").is_err());
        assert!(schedule("@often").is_err());
        assert!(schedule("5-1 * * * *").is_err());
    }
}
