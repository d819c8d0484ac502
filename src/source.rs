//! Reading TOML exactly: every bare float reaches the engine as its source
//! text.
//!
//! `toml`'s ordinary deserializer turns `weight = 0.75` into an `f64`, which
//! cannot hold most decimals (`1.50` would become `1.5`, and
//! `12345678901234567.89` would lose digits). Here the document is parsed
//! into `toml`'s span-keeping tree, every float in it is replaced by a string
//! holding the float's own text, and that tree is deserialized. Number fields
//! read strings exactly ([`crate::number`]), so `0.75` and `"0.75"` mean the
//! same thing: exactly three quarters.

use std::borrow::Cow;

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::error::Error;

/// Deserializes a TOML document exactly (floats read from their text);
/// a deserialization error is turned into an [`Error`] with line and
/// column, then handed with the serde error and the parsed tree to
/// `locate`, which names what it can (the item, the field). The one
/// reading both readers below share.
fn deserialize_exact<T: DeserializeOwned>(
    text: &str,
    locate: impl FnOnce(Error, &toml::de::Error, &Spanned<DeTable<'_>>) -> Error,
) -> Result<T, Error> {
    let root = parse_exact(text)?;
    let tree = root.clone();
    T::deserialize(toml::de::Deserializer::from(root))
        .map_err(|e| locate(toml_error(&e, text), &e, &tree))
}

/// Deserializes a TOML document exactly; errors carry line and column and,
/// where the error sits inside an element of the array of tables `array`,
/// that element's `id_key` value, passed to `name`.
pub(crate) fn from_toml<T: DeserializeOwned>(
    text: &str,
    array: &str,
    id_key: &str,
    name: impl Fn(Error, &str) -> Error,
) -> Result<T, Error> {
    deserialize_exact(text, |mut err, e, tree| {
        // An id refused by `check_id` is named by its key's path.
        if crate::id::is_id_message(&err.details().message) {
            if let Some(p) = e.span().and_then(|s| path_at(tree.get_ref(), s.start)) {
                err = err.with_field(p);
            }
        }
        match e.span().and_then(|s| item_at(tree, array, id_key, s.start)) {
            Some(id) => name(err, &id),
            None => err,
        }
    })
}

/// As [`from_toml`], for files whose items hold arrays of tables of their
/// own (`[[participants.periods]]`): an error past every item's own keys
/// is named after the last item that starts before it, the item whose
/// sub-tables follow its header.
pub(crate) fn from_toml_nested<T: DeserializeOwned>(
    text: &str,
    array: &str,
    id_key: &str,
    name: impl Fn(Error, &str) -> Error,
) -> Result<T, Error> {
    deserialize_exact(text, |mut err, e, tree| {
        let path = e.span().and_then(|s| path_at(tree.get_ref(), s.start));
        let field = match (path, message_field(&err.details().message)) {
            (Some(p), Some(f)) if !p.ends_with(&format!(".{f}")) => Some(format!("{p}.{f}")),
            (Some(p), _) => Some(p),
            (None, f) => f,
        };
        if let Some(field) = field {
            err = err.with_field(field);
        }
        let id = e.span().and_then(|s| {
            item_at(tree, array, id_key, s.start)
                .or_else(|| item_before(tree, array, id_key, s.start))
        });
        match id {
            Some(id) => name(err, &id),
            None => err,
        }
    })
}

/// The dotted key path of the innermost value holding byte `offset`, such
/// as `participants[1].leaves[0].from`; `None` when no value holds it.
fn path_at(table: &DeTable<'_>, offset: usize) -> Option<String> {
    let mut path = String::new();
    let mut here = table;
    loop {
        let Some((key, value)) = here
            .iter()
            .find(|(_, v)| v.span().contains(&offset) || inside(v.get_ref(), offset))
        else {
            return (!path.is_empty()).then_some(path);
        };
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(key.get_ref());
        let mut value = value;
        while let DeValue::Array(items) = value.get_ref() {
            let Some((i, item)) = items
                .iter()
                .enumerate()
                .rfind(|(_, v)| v.span().contains(&offset) || inside(v.get_ref(), offset))
            else {
                return Some(path);
            };
            path.push_str(&format!("[{i}]"));
            value = item;
        }
        match value.get_ref() {
            DeValue::Table(t) => here = t,
            _ => return Some(path),
        }
    }
}

/// Whether a table (or array of tables) holds byte `offset` in one of its
/// keys or values.
fn inside(value: &DeValue<'_>, offset: usize) -> bool {
    match value {
        DeValue::Table(t) => t.iter().any(|(k, v)| {
            k.span().contains(&offset) || v.span().contains(&offset) || inside(v.get_ref(), offset)
        }),
        DeValue::Array(items) => items
            .iter()
            .any(|v| v.span().contains(&offset) || inside(v.get_ref(), offset)),
        _ => false,
    }
}

/// The `id_key` value of the last element of the array of tables `array`
/// that starts at or before byte `offset`.
fn item_before(
    tree: &Spanned<DeTable<'_>>,
    array: &str,
    id_key: &str,
    offset: usize,
) -> Option<String> {
    let DeValue::Array(items) = tree.get_ref().get(array)?.get_ref() else {
        return None;
    };
    let item = items.iter().rfind(|item| item.span().start <= offset)?;
    match item.get_ref() {
        DeValue::Table(t) => t
            .get(id_key)
            .and_then(|v| v.get_ref().as_str())
            .map(str::to_owned),
        _ => None,
    }
}

/// The `id_key` value of the element of the array of tables `array` whose
/// table holds byte `offset`.
pub(crate) fn item_at(
    tree: &Spanned<DeTable<'_>>,
    array: &str,
    id_key: &str,
    offset: usize,
) -> Option<String> {
    let DeValue::Array(items) = tree.get_ref().get(array)?.get_ref() else {
        return None;
    };
    let mut found = None;
    for item in items.iter() {
        if let DeValue::Table(t) = item.get_ref() {
            let inside = item.span().contains(&offset) || holds(t, offset);
            if inside {
                found = t
                    .get(id_key)
                    .and_then(|v| v.get_ref().as_str())
                    .map(str::to_owned);
            }
        }
    }
    found
}

/// Whether a key or value of `table` holds byte `offset`, looking into
/// sub-tables too: a `[components.matrix]` table's keys lie outside its
/// component's own span.
fn holds(table: &DeTable<'_>, offset: usize) -> bool {
    table.iter().any(|(k, v)| {
        k.span().contains(&offset)
            || v.span().contains(&offset)
            || matches!(v.get_ref(), DeValue::Table(t) if holds(t, offset))
    })
}

/// Parses a TOML document into a span-keeping tree with floats as strings.
pub(crate) fn parse_exact(text: &str) -> Result<Spanned<DeTable<'_>>, Error> {
    let mut root = DeTable::parse(text).map_err(|e| toml_error(&e, text))?;
    for (_, value) in root.get_mut().iter_mut() {
        floats_to_text(value.get_mut());
    }
    Ok(root)
}

fn floats_to_text(value: &mut DeValue<'_>) {
    match value {
        DeValue::Float(f) => {
            let text = f.as_str().to_owned();
            *value = DeValue::String(Cow::Owned(text));
        }
        DeValue::Array(items) => {
            for item in items.iter_mut() {
                floats_to_text(item.get_mut());
            }
        }
        DeValue::Table(table) => {
            for (_, item) in table.iter_mut() {
                floats_to_text(item.get_mut());
            }
        }
        DeValue::String(_) | DeValue::Integer(_) | DeValue::Boolean(_) | DeValue::Datetime(_) => {}
    }
}

/// Reads a text file (`name` is how errors name it): [`Error::Io`] when
/// it cannot be read, otherwise as [`utf8_text`].
pub(crate) fn read_text(path: &std::path::Path, name: &str) -> Result<String, Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(name, e))?;
    utf8_text(bytes, Some(name))
}

/// The text of a file's bytes; bytes that are not UTF-8 are an input
/// error at the line, column and byte offset of the first of them.
pub(crate) fn utf8_text(bytes: Vec<u8>, file: Option<&str>) -> Result<String, Error> {
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let valid = e
            .as_bytes()
            .get(..at)
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or_default();
        let (line, column) = line_column(valid, at);
        Error::input(format!(
            "the byte at offset {at} (line {line}, column {column}) is not UTF-8; save the file as UTF-8"
        ))
        .in_file(file)
        .at(line, column)
    })
}

/// 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (line, column)
}

pub(crate) fn toml_error(e: &toml::de::Error, text: &str) -> Error {
    let mut message = e.message().trim().trim_end_matches('.').to_owned();
    // serde names an unknown key only in its message.
    let unknown = message.starts_with("unknown field");
    // The TOML parser's "duplicate key" names no key: its span does.
    let mut duplicate = None;
    if message == "duplicate key" {
        let key = e
            .span()
            .and_then(|s| text.get(s))
            .map(|k| k.trim().trim_matches('"').trim_matches('\'').to_owned())
            .filter(|k| !k.is_empty() && !k.contains('\n'));
        if let Some(key) = key {
            message = format!("duplicate key `{key}`; a key is given once in a table");
            duplicate = Some(key);
        }
    }
    let mut err = Error::plan(message);
    if let Some(key) = duplicate {
        err = err.with_field(&key);
    }
    if unknown {
        err = err.with_kind(crate::error::ErrorKind::UnknownField);
    }
    match e.span() {
        Some(span) => {
            let (line, column) = line_column(text, span.start);
            err.at(line, column)
        }
        None => err,
    }
}

/// Syntax errors in a data file are input errors, not plan errors.
pub(crate) fn as_input(e: Error) -> Error {
    match e {
        Error::Plan(d) => Error::Input(d),
        other => other,
    }
}

/// Names the field of a serde "unknown field `x`" or "missing field `x`"
/// message.
pub(crate) fn named_field(e: Error) -> Error {
    match message_field(&e.details().message) {
        Some(f) => e.with_field(f),
        None => e,
    }
}

/// The field a serde "unknown field `x`", "missing field `x`" or
/// "duplicate field `x`" message names.
fn message_field(message: &str) -> Option<String> {
    ["unknown field `", "missing field `", "duplicate field `"]
        .iter()
        .find_map(|p| message.strip_prefix(p))
        .and_then(|rest| rest.split('`').next())
        .map(str::to_owned)
}

/// Deserializes JSON into `T`; errors are [`Error::Input`] naming
/// `origin`, the line and column, the field of an unknown or missing
/// field message, and the participant: the `"<id_key>": "…"` of the
/// object open at nesting `depth` where the error is, when read before it.
#[cfg(feature = "json")]
pub(crate) fn json_from_str<T: serde::de::DeserializeOwned>(
    text: &str,
    origin: &str,
    id_key: &str,
    depth: usize,
) -> Result<T, Error> {
    serde_json::from_str(text).map_err(|e| {
        let message = e.to_string();
        // serde_json appends " at line L column C"; the details hold them.
        let message = message
            .rfind(" at line ")
            .and_then(|i| message.get(..i))
            .unwrap_or(&message)
            .to_owned();
        let mut err = named_field(Error::input(message).in_file(Some(origin)));
        if e.line() > 0 {
            err = err.at(e.line(), e.column());
            let offset = offset_of(text, e.line(), e.column());
            if let Some(id) = last_id_before(text.get(..offset).unwrap_or(text), id_key, depth) {
                err = err.with_participant(&id);
            }
        }
        err
    })
}

/// The byte offset of a 1-based line and column (in bytes, as
/// `serde_json` counts).
#[cfg(feature = "json")]
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    start.saturating_add(column).min(text.len())
}

/// The value of `"key": "value"` in the object open at the end of `text`
/// at nesting `depth` (1 is the document's own object, 3 an element of a
/// top-level list such as `participants`); `None` when that object has no
/// such key before the end of `text`, or none is open.
#[cfg(feature = "json")]
fn last_id_before(text: &str, key: &str, depth: usize) -> Option<String> {
    let mut level = 0usize;
    let mut found: Option<String> = None;
    // The last string read at `depth` while a key was expected, and
    // whether it was `key`.
    let mut awaiting_value = false;
    let mut chars = text.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        match c {
            '{' | '[' => {
                level = level.saturating_add(1);
                awaiting_value = false;
            }
            '}' | ']' => {
                if level == depth {
                    found = None;
                }
                level = level.saturating_sub(1);
                awaiting_value = false;
            }
            '"' => {
                let mut s = String::new();
                let mut escaped = false;
                for (_, c) in chars.by_ref() {
                    match (escaped, c) {
                        (true, _) => {
                            s.push(c);
                            escaped = false;
                        }
                        (false, '\\') => escaped = true,
                        (false, '"') => break,
                        (false, _) => s.push(c),
                    }
                }
                if level == depth {
                    if awaiting_value {
                        found = Some(s);
                        awaiting_value = false;
                    } else if s == key {
                        // A key: its value follows a colon.
                        let mut rest = chars.clone();
                        while rest.peek().is_some_and(|(_, c)| c.is_whitespace()) {
                            rest.next();
                        }
                        awaiting_value = rest.peek().is_some_and(|(_, c)| *c == ':');
                    }
                }
            }
            ':' | ',' => {}
            c if c.is_whitespace() => {}
            _ => awaiting_value = false,
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;
    use rust_decimal_macros::dec;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Doc {
        #[serde(deserialize_with = "crate::number::decimal")]
        a: Decimal,
        #[serde(deserialize_with = "crate::number::decimal")]
        b: Decimal,
        #[serde(deserialize_with = "crate::number::decimal")]
        c: Decimal,
    }

    #[test]
    fn floats_are_read_from_their_text() {
        let d: Doc = from_toml(
            "a = 12345678901234567.89\nb = 1.50\nc = \"0.1\"\n",
            "",
            "",
            |e, _| e,
        )
        .unwrap();
        assert_eq!(d.a, dec!(12345678901234567.89));
        assert_eq!(d.b.to_string(), "1.50");
        assert_eq!(d.c, dec!(0.1));
    }

    #[test]
    fn syntax_errors_have_line_and_column() {
        let e = from_toml::<Doc>("a = 1\nb = = 2\n", "", "", |e, _| e).unwrap_err();
        assert_eq!(e.details().line, Some(2));
        assert_eq!(e.details().column, Some(5));
    }

    #[test]
    fn line_column_counts_characters() {
        assert_eq!(line_column("ab\ncé = 1", 6), (2, 3));
        assert_eq!(line_column("", 10), (1, 1));
    }
}
