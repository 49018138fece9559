//! The personal-data scanner on arbitrary text. The first line is the
//! `[privacy] allow` list (comma-separated), the rest is the text scanned.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let (allow, text) = input.split_once('\n').unwrap_or(("", input));
    let allow: Vec<String> = allow.split(',').map(str::to_string).collect();
    let findings = gongkai::privacy::scan(text, &allow);
    let mut last_end = 0;
    for f in &findings {
        assert!(f.start >= last_end && f.start < f.end && f.end <= text.len());
        assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
        last_end = f.end;
        // The message must never carry the whole number.
        let digits: String = text[f.start..f.end]
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        assert!(f.masked.contains('*'), "{f:?}");
        if digits.len() >= 11 {
            assert!(!f.masked.contains(&digits), "{f:?}");
        }
    }
    let _ = gongkai::privacy::mask(text);
});
