//! A lexical guard against input that would recurse too deeply in the parser: the maximum
//! depth of `(`, `[`, `{` nesting, with comments, strings and char literals skipped. It runs
//! before syn, so a hostile file is refused instead of exhausting the stack.

/// The deepest bracket nesting in `text`.
pub fn max_nesting_depth(text: &str) -> u32 {
    let bytes = text.as_bytes();
    let (mut depth, mut max) = (0u32, 0u32);
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'(' | b'[' | b'{' => {
                depth += 1;
                max = max.max(depth);
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => i = skip_block_comment(bytes, i),
            b'r' if is_raw_string_start(bytes, i) => i = skip_raw_string(bytes, i),
            b'"' => i = skip_string(bytes, i),
            b'\'' => i = skip_char_literal(bytes, i),
            _ => {}
        }
        i += 1;
    }
    max
}

/// Returns the index of the comment's last byte.
fn skip_block_comment(bytes: &[u8], start: usize) -> usize {
    let (mut level, mut i) = (0u32, start);
    while i < bytes.len() {
        if bytes[i] == b'/' && bytes.get(i + 1) == Some(&b'*') {
            level += 1;
            i += 2;
        } else if bytes[i] == b'*' && bytes.get(i + 1) == Some(&b'/') {
            level -= 1;
            i += 2;
            if level == 0 {
                return i - 1;
            }
        } else {
            i += 1;
        }
    }
    bytes.len()
}

fn skip_string(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i,
            _ => i += 1,
        }
    }
    bytes.len()
}

fn is_raw_string_start(bytes: &[u8], i: usize) -> bool {
    let preceded_by_ident = i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_');
    let mut j = i + 1;
    while bytes.get(j) == Some(&b'#') {
        j += 1;
    }
    !preceded_by_ident && bytes.get(j) == Some(&b'"')
}

fn skip_raw_string(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    let mut hashes = 0;
    while bytes.get(i) == Some(&b'#') {
        hashes += 1;
        i += 1;
    }
    i += 1;
    while i < bytes.len() {
        if bytes[i] == b'"'
            && bytes[i + 1..]
                .iter()
                .take(hashes)
                .filter(|&&b| b == b'#')
                .count()
                == hashes
        {
            return i + hashes;
        }
        i += 1;
    }
    bytes.len()
}

/// Skips `'x'`, `'\n'`, `'\u{..}'`; leaves lifetimes (`'a`) alone.
fn skip_char_literal(bytes: &[u8], start: usize) -> usize {
    if bytes.get(start + 1) == Some(&b'\\') {
        let mut i = start + 2;
        while i < bytes.len() && i < start + 12 {
            if bytes[i] == b'\'' {
                return i;
            }
            i += 1;
        }
        return start;
    }
    // One (possibly multi-byte) character followed by a quote.
    let width = match bytes.get(start + 1) {
        Some(b) if *b < 0x80 => 1,
        Some(b) if *b >= 0xF0 => 4,
        Some(b) if *b >= 0xE0 => 3,
        Some(_) => 2,
        None => return start,
    };
    if bytes.get(start + 1 + width) == Some(&b'\'') {
        start + 1 + width
    } else {
        start
    }
}

#[cfg(test)]
mod tests {
    use super::max_nesting_depth;

    #[test]
    fn counts_brackets_outside_literals_and_comments() {
        assert_eq!(max_nesting_depth("fn f() { g((1), [2]) }"), 3);
        assert_eq!(
            max_nesting_depth("let s = \"(((\"; // (((\n/* ((( /* ( */ */ let c = '(';"),
            0
        );
        assert_eq!(
            max_nesting_depth("let r = r#\"(\"(\"#; fn a<'a>(x: &'a str) {}"),
            1
        );
    }

    #[test]
    fn deep_input_is_measured_without_recursion() {
        let deep = format!(
            "fn f() {{ let x = {}1{}; }}",
            "(".repeat(50_000),
            ")".repeat(50_000)
        );
        assert_eq!(max_nesting_depth(&deep), 50_001);
    }
}
