//! Arrow in and out: record batches read as the library's CSV text, cell
//! by cell exactly, and statements written as Arrow `decimal128` columns.

use std::fmt::Write as _;
use std::sync::Arc;

use arrow_array::builder::{Decimal128Builder, StringBuilder};
use arrow_array::cast::AsArray;
use arrow_array::types::{
    Decimal32Type, Decimal64Type, Decimal128Type, Decimal256Type, Float16Type, Float32Type,
    Float64Type, Int8Type, Int16Type, Int32Type, Int64Type, UInt8Type, UInt16Type, UInt32Type,
    UInt64Type,
};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use incentive::Statement;
use rust_decimal::Decimal;

/// The most digits an Arrow `decimal128` holds.
pub const PRECISION: u8 = 38;

/// How a float column is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Floats {
    /// Refused, with how to pass it exactly.
    Refuse,
    /// Each float read through its shortest round-trip text (Python's
    /// `repr`, Rust's `Display`): `0.1` is read as one tenth.
    Shortest,
}

impl Floats {
    /// The option's name as Python gives it.
    pub fn parse(name: Option<&str>) -> Result<Floats, String> {
        match name {
            None => Ok(Floats::Refuse),
            Some("shortest") => Ok(Floats::Shortest),
            Some(other) => Err(format!(
                "floats=`{other}` is not an option; give floats=\"shortest\" to read each float through its shortest round-trip text (Python repr), or leave it out to refuse float columns"
            )),
        }
    }
}

/// Why a column cannot be read, in words for the error.
fn refusal(name: &str, dt: &DataType) -> String {
    match dt {
        DataType::Float16 | DataType::Float32 | DataType::Float64 => format!(
            "column `{name}` is {dt}: a binary float cannot hold most decimals exactly (0.1 is 0.1000000000000000055511151231257827…), so it is refused rather than rounded; pass the column as decimal.Decimal values, strings or integers (pyarrow: pa.array([...], pa.decimal128(p, s)) or pa.string(); pandas: df[col].map(lambda x: None if x != x else Decimal(repr(x))) or a string or Int64 dtype), or call with floats=\"shortest\" to read each float through its shortest round-trip text (Python repr)"
        ),
        _ => format!(
            "column `{name}` is {dt}, which is not read as inputs; give decimals, integers or strings (Arrow decimal128/256, int, utf8), or null for a value not given"
        ),
    }
}

/// Writes row `i`'s cell into the buffer: `Ok(false)` for null.
type WriteCell<'a> = Box<dyn Fn(usize, &mut String) -> Result<bool, String> + 'a>;

/// Gives row `i`'s text, `None` for null.
type TextCell<'a> = Box<dyn Fn(usize) -> Option<&'a str> + 'a>;

/// One column, ready to write its cells as text.
enum Cells<'a> {
    Null,
    Text(TextCell<'a>),
    Display(WriteCell<'a>),
}

macro_rules! display_prim {
    ($a:expr, $t:ty) => {{
        let a = $a.as_primitive::<$t>();
        Cells::Display(Box::new(move |i, out: &mut String| {
            if a.is_null(i) {
                return Ok(false);
            }
            let _ = write!(out, "{}", a.value(i));
            Ok(true)
        }))
    }};
}

macro_rules! decimal_prim {
    ($a:expr, $t:ty) => {{
        let a = $a.as_primitive::<$t>();
        Cells::Display(Box::new(move |i, out: &mut String| {
            if a.is_null(i) {
                return Ok(false);
            }
            // The value, without the column's trailing zeros: the scale
            // is the column's storage (Spark's decimal(38, 18)), not the
            // number's, and 28 significant digits are what is held.
            let text = a.value_as_string(i);
            let text = match text.contains('.') {
                true => text.trim_end_matches('0').trim_end_matches('.'),
                false => text.as_str(),
            };
            out.push_str(text);
            Ok(true)
        }))
    }};
}

macro_rules! float_prim {
    ($a:expr, $t:ty, $name:expr) => {{
        let a = $a.as_primitive::<$t>();
        let name = $name.to_owned();
        Cells::Display(Box::new(move |i, out: &mut String| {
            if a.is_null(i) {
                return Ok(false);
            }
            let v = a.value(i);
            // Display is the shortest text that reads back as the same
            // float, never in exponent form.
            let text = format!("{v}");
            if text.contains("inf") || text.contains("NaN") {
                return Err(format!(
                    "column `{name}` holds {text}, which is not an amount; give a number, or null for a value not given"
                ));
            }
            out.push_str(&text);
            Ok(true)
        }))
    }};
}

fn cells<'a>(array: &'a ArrayRef, name: &str, floats: Floats) -> Result<Cells<'a>, String> {
    let dt = array.data_type();
    Ok(match dt {
        DataType::Null => Cells::Null,
        DataType::Utf8 => {
            let a = array.as_string::<i32>();
            Cells::Text(Box::new(move |i| a.is_valid(i).then(|| a.value(i))))
        }
        DataType::LargeUtf8 => {
            let a = array.as_string::<i64>();
            Cells::Text(Box::new(move |i| a.is_valid(i).then(|| a.value(i))))
        }
        DataType::Utf8View => {
            let a = array.as_string_view();
            Cells::Text(Box::new(move |i| a.is_valid(i).then(|| a.value(i))))
        }
        DataType::Int8 => display_prim!(array, Int8Type),
        DataType::Int16 => display_prim!(array, Int16Type),
        DataType::Int32 => display_prim!(array, Int32Type),
        DataType::Int64 => display_prim!(array, Int64Type),
        DataType::UInt8 => display_prim!(array, UInt8Type),
        DataType::UInt16 => display_prim!(array, UInt16Type),
        DataType::UInt32 => display_prim!(array, UInt32Type),
        DataType::UInt64 => display_prim!(array, UInt64Type),
        DataType::Decimal32(_, _) => decimal_prim!(array, Decimal32Type),
        DataType::Decimal64(_, _) => decimal_prim!(array, Decimal64Type),
        DataType::Decimal128(_, _) => decimal_prim!(array, Decimal128Type),
        DataType::Decimal256(_, _) => decimal_prim!(array, Decimal256Type),
        DataType::Float16 if floats == Floats::Shortest => float_prim!(array, Float16Type, name),
        DataType::Float32 if floats == Floats::Shortest => float_prim!(array, Float32Type, name),
        DataType::Float64 if floats == Floats::Shortest => float_prim!(array, Float64Type, name),
        _ => return Err(refusal(name, dt)),
    })
}

/// The batches as the text of an inputs (or transactions) CSV file: the
/// header is the columns' names, each row a line, a null an empty cell.
/// Every batch must have the first one's columns, in its order.
///
/// `Err((message, column))` names the column that cannot be read.
pub fn csv_text(
    batches: &[RecordBatch],
    floats: Floats,
) -> Result<String, (String, Option<String>)> {
    let Some(first) = batches.first() else {
        return Ok(String::new());
    };
    let schema = first.schema();
    let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let fail = |e: csv::Error| (format!("cannot write the table as CSV: {e}"), None);
    w.write_record(&names).map_err(fail)?;
    let mut buf = String::new();
    for batch in batches {
        let here: Vec<&str> = batch
            .schema_ref()
            .fields()
            .iter()
            .map(|f| f.name().as_str())
            .collect();
        if here != names {
            return Err((
                format!(
                    "the record batches have different columns ({} and {}); give batches of one schema",
                    names.join(", "),
                    here.join(", ")
                ),
                None,
            ));
        }
        let cols: Vec<Cells<'_>> = batch
            .columns()
            .iter()
            .zip(&names)
            .map(|(a, n)| cells(a, n, floats).map_err(|m| (m, Some((*n).to_owned()))))
            .collect::<Result<_, _>>()?;
        for row in 0..batch.num_rows() {
            for (c, n) in cols.iter().zip(&names) {
                match c {
                    Cells::Null => w.write_field("").map_err(fail)?,
                    Cells::Text(f) => w.write_field(f(row).unwrap_or("")).map_err(fail)?,
                    Cells::Display(f) => {
                        buf.clear();
                        f(row, &mut buf).map_err(|m| (m, Some((*n).to_owned())))?;
                        w.write_field(&buf).map_err(fail)?;
                    }
                }
            }
            w.write_record(None::<&[u8]>).map_err(fail)?;
        }
    }
    let bytes = w
        .into_inner()
        .map_err(|e| (format!("cannot write the table as CSV: {e}"), None))?;
    String::from_utf8(bytes).map_err(|e| (format!("the table is not UTF-8: {e}"), None))
}

/// The lines schema at `scale`.
pub fn lines_schema(scale: i8) -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("participant", DataType::Utf8, false),
        Field::new("plan", DataType::Utf8, false),
        Field::new("period", DataType::Utf8, true),
        Field::new("component", DataType::Utf8, false),
        Field::new("amount", DataType::Decimal128(PRECISION, scale), false),
    ]))
}

/// The totals schema at `scale`.
pub fn totals_schema(scale: i8) -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("participant", DataType::Utf8, false),
        Field::new("plan", DataType::Utf8, false),
        Field::new("period", DataType::Utf8, true),
        Field::new("total", DataType::Decimal128(PRECISION, scale), false),
        Field::new("currency", DataType::Utf8, false),
    ]))
}

/// `d` as the integer of a `decimal128(38, scale)`: exactly, or `None`
/// when it has more places than `scale` or more than 38 digits there.
pub fn at_scale(d: Decimal, scale: u32) -> Option<i128> {
    let d = if d.scale() > scale { d.normalize() } else { d };
    let up = scale.checked_sub(d.scale())?;
    let v = d.mantissa().checked_mul(10i128.checked_pow(up)?)?;
    let max = 10i128.checked_pow(u32::from(PRECISION))?;
    (v.checked_abs()? < max).then_some(v)
}

/// The error for an amount that does not fit the output's scale.
fn unfit(s: &Statement, what: &str, d: Decimal, scale: u32) -> incentive::Error {
    crate::errors::rebox(
        &incentive::Error::Overflow(Box::default()),
        incentive::ErrorDetails {
            participant: Some(s.participant.clone()),
            plan: Some(s.plan.clone()),
            field: Some(what.to_owned()),
            message: format!(
                "{d} does not fit an Arrow decimal128(38, {scale}) exactly (more than {scale} places or 38 digits); it is refused, not rounded"
            ),
            kind: Some(incentive::ErrorKind::Overflow),
            ..incentive::ErrorDetails::default()
        },
    )
}

/// The lines and totals tables, built a chunk of statements at a time
/// (so that a large table never holds every statement at once).
pub struct Builder {
    scale: u32,
    participant: StringBuilder,
    plan: StringBuilder,
    period: StringBuilder,
    component: StringBuilder,
    amount: Decimal128Builder,
    t_participant: StringBuilder,
    t_plan: StringBuilder,
    t_period: StringBuilder,
    total: Decimal128Builder,
    currency: StringBuilder,
}

fn arrow_error(e: arrow_schema::ArrowError) -> incentive::Error {
    crate::errors::new_input(
        incentive::ErrorKind::InvalidInput,
        format!("cannot build the Arrow output: {e}"),
        None,
        None,
        None,
        None,
    )
}

impl Builder {
    /// An empty builder for amounts at `scale`, sized for about `rows`
    /// statements.
    pub fn new(scale: u32, rows: usize) -> incentive::Result<Builder> {
        let sc = i8::try_from(scale).unwrap_or(i8::MAX);
        let n = rows.saturating_mul(2);
        Ok(Builder {
            scale,
            participant: StringBuilder::with_capacity(n, n * 8),
            plan: StringBuilder::with_capacity(n, n * 16),
            period: StringBuilder::with_capacity(n, n * 7),
            component: StringBuilder::with_capacity(n, n * 12),
            amount: Decimal128Builder::with_capacity(n)
                .with_precision_and_scale(PRECISION, sc)
                .map_err(arrow_error)?,
            t_participant: StringBuilder::with_capacity(rows, rows * 8),
            t_plan: StringBuilder::with_capacity(rows, rows * 16),
            t_period: StringBuilder::with_capacity(rows, rows * 7),
            total: Decimal128Builder::with_capacity(rows)
                .with_precision_and_scale(PRECISION, sc)
                .map_err(arrow_error)?,
            currency: StringBuilder::with_capacity(rows, rows * 3),
        })
    }

    /// Adds the statements' lines (one per line and adjustment paid, as
    /// the payroll rows: they add up to the total) and totals.
    pub fn push(&mut self, statements: &[Statement]) -> incentive::Result<()> {
        let scale = self.scale;
        for s in statements {
            let rows = incentive::payroll_rows(std::slice::from_ref(s))?;
            for r in &rows {
                self.participant.append_value(&r.participant);
                self.plan.append_value(&r.plan);
                self.period.append_option(s.period.as_deref());
                self.component.append_value(&r.component);
                self.amount.append_value(
                    at_scale(r.amount, scale)
                        .ok_or_else(|| unfit(s, &r.component, r.amount, scale))?,
                );
            }
            self.t_participant.append_value(&s.participant);
            self.t_plan.append_value(&s.plan);
            self.t_period.append_option(s.period.as_deref());
            let t = s.total();
            self.total
                .append_value(at_scale(t, scale).ok_or_else(|| unfit(s, "total", t, scale))?);
            self.currency.append_value(s.currency.to_string());
        }
        Ok(())
    }

    /// The lines and totals record batches.
    pub fn finish(mut self) -> incentive::Result<(RecordBatch, RecordBatch)> {
        let sc = i8::try_from(self.scale).unwrap_or(i8::MAX);
        let cols: Vec<ArrayRef> = vec![
            Arc::new(self.participant.finish()),
            Arc::new(self.plan.finish()),
            Arc::new(self.period.finish()),
            Arc::new(self.component.finish()),
            Arc::new(self.amount.finish()),
        ];
        let lines = RecordBatch::try_new(lines_schema(sc), cols).map_err(arrow_error)?;
        let cols: Vec<ArrayRef> = vec![
            Arc::new(self.t_participant.finish()),
            Arc::new(self.t_plan.finish()),
            Arc::new(self.t_period.finish()),
            Arc::new(self.total.finish()),
            Arc::new(self.currency.finish()),
        ];
        let totals = RecordBatch::try_new(totals_schema(sc), cols).map_err(arrow_error)?;
        Ok((lines, totals))
    }
}
