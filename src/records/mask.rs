//! Masking personal values for the internal site (phones `138****5678`,
//! names `张*`). Part of the records layer so pages can mask while they are
//! made; the guard in [`crate::privacy`] then checks the public site.

/// Masks every run of 7+ digits (ignoring `-` and spaces inside it): 11+
/// digits keep the first 3 and last 4, shorter runs the last 4.
pub fn mask_digits(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        // Extend the run over digits and inner separators; it must end on a digit.
        let mut j = i;
        let mut end = i;
        while j < chars.len() && (chars[j].is_ascii_digit() || chars[j] == '-' || chars[j] == ' ') {
            if chars[j].is_ascii_digit() {
                end = j;
            }
            j += 1;
        }
        let run = &chars[i..=end];
        let digits = run.iter().filter(|c| c.is_ascii_digit()).count();
        if digits >= 7 {
            let keep_head = if digits >= 11 { 3 } else { 0 };
            let mut seen = 0;
            for c in run {
                if c.is_ascii_digit() {
                    seen += 1;
                    if seen <= keep_head || seen > digits - 4 {
                        out.push(*c);
                    } else {
                        out.push('*');
                    }
                } else {
                    out.push(*c);
                }
            }
        } else {
            out.extend(run.iter());
        }
        i = end + 1;
    }
    out
}

/// A personal name as `张*`: the first character and one star.
pub fn mask_name(name: &str) -> String {
    let t = name.trim();
    match t.chars().next() {
        Some(c) => format!("{c}*"),
        None => String::new(),
    }
}
