//! Word wrapping for the few places that lay out wrapped text themselves (the contents list,
//! the help box, the progress screen's names) and so need to know how many rows it takes.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// `text` broken into rows at most `width` columns wide: at spaces where it can, inside a
/// word longer than a row. Never empty; nothing is cut off.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut rows = Vec::new();
    let mut row = String::new();
    for word in text.split(' ') {
        let sep = usize::from(!row.is_empty());
        if row.width() + sep + word.width() <= width {
            if sep == 1 {
                row.push(' ');
            }
            row.push_str(word);
            continue;
        }
        if !row.is_empty() {
            rows.push(std::mem::take(&mut row));
        }
        for c in word.chars() {
            if row.width() + c.width().unwrap_or(0) > width {
                rows.push(std::mem::take(&mut row));
            }
            row.push(c);
        }
    }
    rows.push(row);
    rows
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wraps_at_spaces_and_splits_only_words_longer_than_a_row() {
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 5), [""]);
        let all: String = wrap("Status codes and what they mean", 10).concat();
        assert_eq!(all.replace(' ', ""), "Statuscodesandwhattheymean");
    }
}
