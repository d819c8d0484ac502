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

/// Deserializes a TOML document exactly; errors carry line and column and,
/// where the error sits inside an element of the array of tables `array`,
/// that element's `id_key` value, passed to `name`.
pub(crate) fn from_toml<T: DeserializeOwned>(
    text: &str,
    array: &str,
    id_key: &str,
    name: impl Fn(Error, &str) -> Error,
) -> Result<T, Error> {
    let root = parse_exact(text)?;
    let tree = root.clone();
    T::deserialize(toml::de::Deserializer::from(root)).map_err(|e| {
        let err = toml_error(&e, text);
        match e
            .span()
            .and_then(|s| item_at(&tree, array, id_key, s.start))
        {
            Some(id) => name(err, &id),
            None => err,
        }
    })
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
    let message = e.message().trim().trim_end_matches('.').to_owned();
    // serde names an unknown key only in its message.
    let unknown = message.starts_with("unknown field");
    let mut err = Error::plan(message);
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
