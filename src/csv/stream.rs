//! Inputs CSV in, payroll CSV out, one row at a time: [`stream_payroll`].
//!
//! Each row is read into one reused record, evaluated through the plan's
//! one program and written as payroll rows before the next is read, so
//! memory does not grow with the file. The check that no participant,
//! plan and period comes twice keeps about 35 bytes a row for up to
//! 1,000,000 rows and moves older keys to sorted temporary files past them
//! ([`StreamOptions::keys_in_memory`]), or holds one row for a file sorted
//! by them ([`StreamOptions::sorted`]).
//!
//! A row whose plan pays from its component lines alone (no plan-level
//! modifier, kicker, cap or gate, no commission components) and whose
//! cells are all well-formed is evaluated straight from its values
//! ([`PreparedPlan::evaluate_values`](crate::PreparedPlan::evaluate_values)'s
//! route); any other row is read into [`Inputs`](crate::Inputs) exactly as
//! [`read_inputs_for`](super::read_inputs_for) reads it and explained into
//! a [`Statement`](crate::Statement), whose payroll rows
//! [`payroll_rows`] gives. Either way the engine's interpreter computes
//! every amount, and a row the values route cannot take (a bad cell, a
//! missing value, an evaluation error) is taken again by the explained
//! route, so errors are the reader's and the evaluator's own.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::hash::{BuildHasher, RandomState};
use std::io::{Read, Write};
use std::sync::{Mutex, mpsc};

use rust_decimal::Decimal;

use super::{
    Column, Header, PAYROLL_HEADER, VALID_COLUMNS, check_key, column, csv_error, duplicate, header,
    line_of, row, write_error,
};
use crate::error::{Error, ErrorDetails, Result};
use crate::evaluate::{Plan, PlanSet};
use crate::id::{IdKind, check_id};
use crate::money::{Currency, exact_add};
use crate::number::parse_decimal;
use crate::payroll::neutralise;
use crate::payroll::payroll_rows;
use crate::program::layout::label_position;
use crate::program::{Field, Payout, Terms};
use crate::simulate::PreparedPlan;

/// Rows read, evaluated and written as one piece: by one thread, or handed
/// to a worker.
const CHUNK: usize = 1024;

/// How [`stream_payroll`] runs.
///
/// # Example
///
/// ```
/// use incentive::csv::StreamOptions;
///
/// let options = StreamOptions::new().threads(4).sorted(true);
/// assert_eq!(options.thread_count(), 4);
/// assert!(options.is_sorted());
/// assert_eq!(StreamOptions::default().thread_count(), 1);
/// assert!(!StreamOptions::default().is_sorted());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StreamOptions {
    threads: usize,
    sorted: bool,
    keys_in_memory: usize,
}

impl Default for StreamOptions {
    fn default() -> StreamOptions {
        StreamOptions {
            threads: 1,
            sorted: false,
            keys_in_memory: KEYS_IN_MEMORY,
        }
    }
}

/// How many rows' keys an unsorted file's check for repeats holds in
/// memory (about 35 MB) before it moves them to a temporary file.
const KEYS_IN_MEMORY: usize = 1_000_000;

impl StreamOptions {
    /// One thread.
    pub fn new() -> StreamOptions {
        StreamOptions::default()
    }

    /// Evaluates pieces of `threads` × 1,024 rows at a time on `threads`
    /// worker threads (the calling thread reads and writes); 0 and 1 mean
    /// one thread, which does everything. The output is the same bytes
    /// whatever the number.
    #[must_use]
    pub fn threads(self, threads: usize) -> StreamOptions {
        StreamOptions { threads, ..self }
    }

    /// The number of threads that evaluate rows: at least 1.
    pub fn thread_count(&self) -> usize {
        self.threads.max(1)
    }

    /// With `true`, the rows are sorted by participant, plan and period
    /// (as [`PlanSet::evaluate_all`] orders statements, a row without a
    /// period first, ids compared byte by byte): a repeat is then the row
    /// before, so the check for repeats holds one row and memory stays
    /// flat however long the file, and a row out of that order is an
    /// error naming both rows. The payroll is then the bytes
    /// [`write_payroll`](super::write_payroll) writes for
    /// `evaluate_all`'s statements. Without it (the default), rows come in
    /// any order, and the check for repeats keeps every row's key.
    #[must_use]
    pub fn sorted(self, sorted: bool) -> StreamOptions {
        StreamOptions { sorted, ..self }
    }

    /// Whether the rows are said to be sorted; see [`StreamOptions::sorted`].
    pub fn is_sorted(&self) -> bool {
        self.sorted
    }

    /// How many rows' keys (participant, plan, period) the check for
    /// repeats of an unsorted file holds in memory, 1,000,000 (about
    /// 35 MB) by default: past them, the keys go sorted to temporary
    /// files, so that memory stays bounded whatever the number of rows. A
    /// row repeating one of the keys moved out is found when the file has
    /// been read, as the same error; the payroll written is then
    /// incomplete, as after any error.
    ///
    /// # Example
    ///
    /// ```
    /// use incentive::csv::StreamOptions;
    ///
    /// assert_eq!(StreamOptions::new().keys_in_memory(500).repeat_keys_in_memory(), 500);
    /// assert_eq!(StreamOptions::new().repeat_keys_in_memory(), 1_000_000);
    /// ```
    #[must_use]
    pub fn keys_in_memory(self, keys: usize) -> StreamOptions {
        StreamOptions {
            keys_in_memory: keys.max(1),
            ..self
        }
    }

    /// See [`StreamOptions::keys_in_memory`].
    pub fn repeat_keys_in_memory(&self) -> usize {
        self.keys_in_memory
    }
}

/// What [`stream_payroll`] read and wrote.
///
/// # Example
///
/// ```
/// use incentive::{csv, PlanSet};
/// use rust_decimal_macros::dec;
///
/// let plans = PlanSet::load_dir("plans")?;
/// let text = "participant,plan,period,actual.pipeline,target.pipeline,rating.campaign_effectiveness\n\
///             dana,demand-generation,2026-Q1,2300000,2000000,4\n";
/// let mut payroll = Vec::new();
/// let summary = csv::stream_payroll(&plans, text.as_bytes(), None, &mut payroll, &csv::StreamOptions::new())?;
/// assert_eq!((summary.rows(), summary.statements(), summary.payroll_rows()), (1, 1, 2));
/// let usd = plans.get("demand-generation").unwrap().currency();
/// assert_eq!(summary.total(usd), Some(dec!(6437.50)));
/// assert_eq!(summary.totals().len(), 1);
/// # Ok::<(), incentive::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StreamSummary {
    rows: u64,
    payroll_rows: u64,
    totals: BTreeMap<Currency, Decimal>,
}

impl StreamSummary {
    /// The rows of inputs read (the header apart).
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// The statements computed: one a row.
    pub fn statements(&self) -> u64 {
        self.rows
    }

    /// The payroll rows written (the header apart).
    pub fn payroll_rows(&self) -> u64 {
        self.payroll_rows
    }

    /// The statements' totals added up exactly, per currency.
    pub fn totals(&self) -> &BTreeMap<Currency, Decimal> {
        &self.totals
    }

    /// The total paid in `currency`, if any statement pays in it.
    pub fn total(&self, currency: Currency) -> Option<Decimal> {
        self.totals.get(&currency).copied()
    }
}

/// Reads participants' inputs as CSV from `input`, evaluates each row
/// against the plan it names and writes its payroll rows to `output`, one
/// row at a time: the bytes [`write_payroll`](super::write_payroll) writes
/// for the statements of the rows in file order (the header
/// [`PAYROLL_HEADER`], then each statement's lines and adjustments).
///
/// The columns and the checks are those of
/// [`read_inputs_for`](super::read_inputs_for); `file` names the input in
/// errors. Memory stays bounded however long the file: the check that no
/// participant, plan and period comes twice holds at most
/// [`StreamOptions::keys_in_memory`] keys (about 35 MB by default) and
/// moves older ones to sorted temporary files, merged once the file is
/// read; it holds only the row before for a file sorted by them
/// ([`StreamOptions::sorted`]). Rows come out in file order (not sorted
/// as [`PlanSet::evaluate_all`] sorts them); with
/// [`StreamOptions::threads`] the output is the same bytes.
///
/// Inputs CSV has no manual adjustments, so the payroll never has a
/// `reason` column.
///
/// # Errors
///
/// The first error in file order, naming `file`, and for a row its line
/// (and, where the error is in a cell, its column): every error of
/// [`read_inputs_for`](super::read_inputs_for), including a second row
/// for a participant, plan and period; every error of
/// [`Plan::evaluate`]; with [`StreamOptions::sorted`], a row out of
/// order; [`Error::Io`] when `input` cannot be read or
/// `output` cannot be written; [`Error::Overflow`] when a currency's
/// total does not fit. What was written before an error is an incomplete
/// payroll: write to a temporary file and keep it only on success.
///
/// # Example
///
/// ```
/// use incentive::{csv, PlanSet};
///
/// let plans = PlanSet::load_dir("plans")?;
/// let text = "participant,plan,period,actual.pipeline,target.pipeline,rating.campaign_effectiveness\n\
///             dana,demand-generation,2026-Q1,2300000,2000000,4\n\
///             rita,demand-generation,2026-Q1,3300002,3000000,3\n";
/// let mut payroll = Vec::new();
/// csv::stream_payroll(&plans, text.as_bytes(), Some("crm.csv"), &mut payroll, &csv::StreamOptions::new())?;
/// assert_eq!(
///     String::from_utf8(payroll).unwrap(),
///     "participant,period,plan,component,amount,currency\n\
///      dana,2026-Q1,demand-generation,pipeline,4875.00,USD\n\
///      dana,2026-Q1,demand-generation,campaign_effectiveness,1562.50,USD\n\
///      rita,2026-Q1,demand-generation,pipeline,4500.00,USD\n\
///      rita,2026-Q1,demand-generation,campaign_effectiveness,1250.00,USD\n"
/// );
///
/// // Errors are the reader's: the file, line, column, participant and field.
/// let bad = text.replace("3300002", "\"3,300,002\"");
/// let err = csv::stream_payroll(&plans, bad.as_bytes(), Some("crm.csv"), Vec::new(), &csv::StreamOptions::new())
///     .unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "invalid input: file `crm.csv` line 3 column 4, participant `rita`, plan `demand-generation`, \
///      field `actual.pipeline`: `3,300,002` is not a decimal number; write it like `1250`, `0.75`, \
///      `\"0.1\"` or `\"75%\"`"
/// );
/// assert_eq!(err, csv::read_inputs_for(&plans, &bad, Some("crm.csv")).unwrap_err());
/// # Ok::<(), incentive::Error>(())
/// ```
pub fn stream_payroll<R: Read, W: Write>(
    plans: &PlanSet,
    input: R,
    file: Option<&str>,
    output: W,
    options: &StreamOptions,
) -> Result<StreamSummary> {
    stream(plans, input, output, options).map_err(|e| e.in_file(file))
}

fn stream<R: Read, W: Write>(
    plans: &PlanSet,
    input: R,
    output: W,
    options: &StreamOptions,
) -> Result<StreamSummary> {
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(true)
        .trim(::csv::Trim::All)
        .from_reader(input);
    let Header { names, columns } = header(
        &mut reader,
        VALID_COLUMNS,
        column,
        &["participant", "plan"],
        "every row names its participant and plan",
    )?;
    let shared = Shared::new(plans, columns, names)?;
    let mut sink = Sink {
        output,
        summary: StreamSummary::default(),
    };
    let mut head = ::csv::Writer::from_writer(Vec::new());
    head.write_record(PAYROLL_HEADER)
        .map_err(|e| write_error(&e))?;
    let head = head.into_inner().map_err(|e| written(e.error()))?;
    sink.output.write_all(&head).map_err(|e| written(&e))?;
    let mut feed = Feed {
        reader,
        repeats: if options.is_sorted() {
            Repeats::Sorted(None)
        } else {
            Repeats::Any(Seen::new(options.repeat_keys_in_memory()))
        },
    };
    let threads = options.thread_count();
    if threads <= 1 {
        serial(&shared, &mut feed, &mut sink)?;
    } else {
        parallel(&shared, &mut feed, &mut sink, threads)?;
    }
    // A repeat of a row whose key was moved out of memory.
    if let Repeats::Any(seen) = &mut feed.repeats {
        if let Some((key, first, line)) = seen.finish()? {
            let (route, period, participant) = seen.decode(&key).ok_or_else(|| {
                Error::input("a key of the check for repeats could not be read back")
            })?;
            let plan = shared.routes.get(route).map_or("", |r| r.plan.id());
            return Err(duplicate(
                &participant,
                plan,
                period.as_deref(),
                first,
                line,
            ));
        }
    }
    sink.output.flush().map_err(|e| written(&e))?;
    Ok(sink.summary)
}

/// One thread reads, evaluates and writes each piece in turn.
fn serial<R: Read, W: Write>(
    shared: &Shared<'_>,
    feed: &mut Feed<R>,
    sink: &mut Sink<W>,
) -> Result<()> {
    let mut scratch = Scratch::new(shared);
    let mut records = Vec::new();
    let mut seq = 0;
    loop {
        let (len, stop, end) = feed.fill(shared, &mut records);
        let chunk = Chunk {
            seq,
            records,
            len,
            stop,
        };
        let done = shared.process(&chunk, &mut scratch);
        records = chunk.records;
        sink.take(done)?;
        seq += 1;
        if end {
            return Ok(());
        }
    }
}

/// The calling thread reads and writes; `threads` workers evaluate pieces,
/// which are written in input order.
fn parallel<R: Read, W: Write>(
    shared: &Shared<'_>,
    feed: &mut Feed<R>,
    sink: &mut Sink<W>,
    threads: usize,
) -> Result<()> {
    let in_flight = threads.saturating_mul(2);
    let (job_tx, job_rx) = mpsc::channel::<Chunk>();
    let job_rx = Mutex::new(job_rx);
    std::thread::scope(|scope| {
        let (done_tx, done_rx) = mpsc::channel::<(Done, Vec<::csv::StringRecord>)>();
        let mut workers = Vec::with_capacity(threads);
        let mut spawned = Ok(());
        for _ in 0..threads {
            let done_tx = done_tx.clone();
            let job_rx = &job_rx;
            let worker = std::thread::Builder::new().spawn_scoped(scope, move || {
                let mut scratch = Scratch::new(shared);
                loop {
                    let job = match job_rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => return,
                    };
                    let Ok(chunk) = job else { return };
                    let done = shared.process(&chunk, &mut scratch);
                    if done_tx.send((done, chunk.records)).is_err() {
                        return;
                    }
                }
            });
            match worker {
                Ok(w) => workers.push(w),
                Err(e) => {
                    spawned = Err(Error::Io(Box::new(ErrorDetails {
                        message: format!(
                            "cannot start a worker thread: {}",
                            e.to_string().to_lowercase()
                        ),
                        ..ErrorDetails::default()
                    })));
                    break;
                }
            }
        }
        drop(done_tx);
        let result = spawned.and_then(|()| {
            let mut pool: Vec<Vec<::csv::StringRecord>> = Vec::new();
            let mut pending: BTreeMap<u64, Done> = BTreeMap::new();
            let (mut sent, mut next, mut end) = (0u64, 0u64, false);
            loop {
                while !end && sent - next < in_flight as u64 {
                    let mut records = pool.pop().unwrap_or_default();
                    let (len, stop, last) = feed.fill(shared, &mut records);
                    end = last;
                    let chunk = Chunk {
                        seq: sent,
                        records,
                        len,
                        stop,
                    };
                    job_tx.send(chunk).map_err(|_| stopped())?;
                    sent += 1;
                }
                if next == sent {
                    return Ok(());
                }
                let (done, records) = done_rx.recv().map_err(|_| stopped())?;
                pool.push(records);
                pending.insert(done.seq, done);
                while let Some(done) = pending.remove(&next) {
                    next += 1;
                    sink.take(done)?;
                }
            }
        });
        drop(job_tx);
        let mut joined = Ok(());
        for w in workers {
            if w.join().is_err() {
                joined = Err(stopped());
            }
        }
        result.and(joined)
    })
}

fn stopped() -> Error {
    Error::Io(Box::new(ErrorDetails {
        message: "a worker thread stopped before the payroll was written".into(),
        ..ErrorDetails::default()
    }))
}

fn written(e: &std::io::Error) -> Error {
    Error::Io(Box::new(ErrorDetails {
        message: format!("cannot write the payroll: {}", e.to_string().to_lowercase()),
        ..ErrorDetails::default()
    }))
}

/// The error for a record that could not be read.
fn read_error(e: &::csv::Error) -> Error {
    match e.kind() {
        ::csv::ErrorKind::Io(io) => Error::Io(Box::new(ErrorDetails {
            message: format!("cannot read the inputs: {}", io.to_string().to_lowercase()),
            ..ErrorDetails::default()
        })),
        _ => csv_error(e),
    }
}

/// Where the payroll goes, and what has been written.
struct Sink<W> {
    output: W,
    summary: StreamSummary,
}

impl<W: Write> Sink<W> {
    /// Writes a piece, in order; its error, if it has one, after the rows
    /// before it.
    fn take(&mut self, done: Done) -> Result<()> {
        self.output
            .write_all(&done.bytes)
            .map_err(|e| written(&e))?;
        let s = &mut self.summary;
        s.rows = s.rows.saturating_add(done.totals.len() as u64);
        s.payroll_rows = s.payroll_rows.saturating_add(done.payroll_rows);
        for (currency, total) in done.totals {
            let sum = s.totals.entry(currency).or_insert(Decimal::ZERO);
            *sum = exact_add(*sum, total)
                .ok_or_else(|| Error::overflow(format!("the total paid in {}", currency.code())))?;
        }
        match done.error {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

/// The rows of the file, read in order, with the check for a second row
/// of one participant, plan and period.
struct Feed<R> {
    reader: ::csv::Reader<R>,
    repeats: Repeats,
}

/// How repeated rows are found.
enum Repeats {
    /// Rows in any order: every key kept.
    Any(Seen),
    /// Rows sorted by participant, plan and period: the last row's key.
    Sorted(Option<Last>),
}

/// The key of the row before, in a sorted file.
struct Last {
    participant: String,
    plan: String,
    period: Option<String>,
    line: usize,
}

impl Repeats {
    /// Records a row of `participant`, plan `plan` and `period` on `line`:
    /// the line of the earlier row for them, if there is one.
    ///
    /// # Errors
    ///
    /// [`Error::Input`] for a row out of order in a sorted file, or too
    /// many rows to check.
    fn insert(
        &mut self,
        participant: &str,
        (route, plan): (usize, &str),
        period: Option<&str>,
        line: usize,
    ) -> Result<Option<usize>> {
        let last = match self {
            Repeats::Any(seen) => return seen.insert(participant, route, period, line),
            Repeats::Sorted(last) => last,
        };
        if let Some(l) = last.as_mut() {
            let before = (l.participant.as_str(), l.plan.as_str(), l.period.as_deref());
            match before.cmp(&(participant, plan, period)) {
                std::cmp::Ordering::Less => {}
                std::cmp::Ordering::Equal => return Ok(Some(l.line)),
                std::cmp::Ordering::Greater => {
                    let key = |p: &str, plan: &str, period: Option<&str>| {
                        format!(
                            "participant `{p}`, plan `{plan}`{}",
                            period
                                .map(|x| format!(", period `{x}`"))
                                .unwrap_or_default()
                        )
                    };
                    return Err(Error::input(format!(
                        "the rows are not sorted: {} comes after {} on line {}; the file is streamed as sorted by participant, plan and period, so sort it so, or stream it unsorted",
                        key(participant, plan, period),
                        key(before.0, before.1, before.2),
                        l.line
                    ))
                    .with_participant(participant)
                    .with_plan(plan));
                }
            }
            l.participant.clear();
            l.participant.push_str(participant);
            l.plan.clear();
            l.plan.push_str(plan);
            match (&mut l.period, period) {
                (Some(x), Some(p)) => {
                    x.clear();
                    x.push_str(p);
                }
                (x, p) => *x = p.map(str::to_owned),
            }
            l.line = line;
        } else {
            *last = Some(Last {
                participant: participant.to_owned(),
                plan: plan.to_owned(),
                period: period.map(str::to_owned),
                line,
            });
        }
        Ok(None)
    }
}

impl<R: Read> Feed<R> {
    /// Reads up to [`CHUNK`] rows into `records`: how many, why reading
    /// stopped early, and whether the file (or reading) is at its end.
    fn fill(
        &mut self,
        shared: &Shared<'_>,
        records: &mut Vec<::csv::StringRecord>,
    ) -> (usize, Option<Stop>, bool) {
        let mut len = 0;
        while len < CHUNK {
            if records.len() <= len {
                records.push(::csv::StringRecord::new());
            }
            let Some(record) = records.get_mut(len) else {
                return (len, None, true);
            };
            match self.reader.read_record(record) {
                Ok(true) => {}
                Ok(false) => return (len, None, true),
                Err(e) => return (len, Some(Stop::Read(read_error(&e))), true),
            }
            len += 1;
            if let Some((participant, plan, period)) = shared.key(record) {
                let line = line_of(record);
                let id = shared.routes.get(plan).map_or("", |r| r.plan.id());
                match self.repeats.insert(participant, (plan, id), period, line) {
                    Ok(None) => {}
                    Ok(Some(first)) => {
                        let e = duplicate(participant, id, period, first, line);
                        return (len, Some(Stop::Duplicate(e)), true);
                    }
                    Err(e) => return (len, Some(Stop::Read(e.at(line, 1))), true),
                }
            }
        }
        (len, None, false)
    }
}

/// Why a piece ends before [`CHUNK`] rows, with the error to give once
/// its rows are done.
enum Stop {
    /// Its last row repeats a participant, plan and period: the error,
    /// unless reading that row fails first.
    Duplicate(Error),
    /// The row after its last could not be read.
    Read(Error),
}

/// A piece of the file: `len` rows of `records`.
struct Chunk {
    seq: u64,
    records: Vec<::csv::StringRecord>,
    len: usize,
    stop: Option<Stop>,
}

/// A piece evaluated: its payroll bytes, each statement's currency and
/// total, and the first error.
struct Done {
    seq: u64,
    bytes: Vec<u8>,
    totals: Vec<(Currency, Decimal)>,
    payroll_rows: u64,
    error: Option<Error>,
}

/// A worker's buffers, reused from row to row.
struct Scratch {
    values: Vec<Option<Decimal>>,
    row: Vec<Decimal>,
    /// One buffer per plan, in [`Shared::routes`] order.
    payouts: Vec<Payout>,
    amount: String,
    out: ::csv::Writer<Vec<u8>>,
}

impl Scratch {
    fn new(shared: &Shared<'_>) -> Scratch {
        Scratch {
            values: Vec::new(),
            row: Vec::new(),
            payouts: shared.routes.iter().map(|r| r.prepared.payout()).collect(),
            amount: String::new(),
            out: ::csv::Writer::from_writer(Vec::new()),
        }
    }

    /// Writes one payroll row.
    fn write(
        &mut self,
        participant: &str,
        period: &str,
        plan: &str,
        component: &str,
        amount: Decimal,
        currency: &str,
    ) -> Result<()> {
        self.amount.clear();
        write!(self.amount, "{amount}").map_err(|_| written(&std::io::Error::other("format")))?;
        self.out
            .write_record([
                neutralise(participant).as_ref(),
                neutralise(period).as_ref(),
                neutralise(plan).as_ref(),
                neutralise(component).as_ref(),
                self.amount.as_str(),
                neutralise(currency).as_ref(),
            ])
            .map_err(|e| write_error(&e))
    }

    /// The bytes written since the last call.
    fn bytes(&mut self) -> Result<Vec<u8>> {
        let w = std::mem::replace(&mut self.out, ::csv::Writer::from_writer(Vec::new()));
        w.into_inner().map_err(|e| written(e.error()))
    }
}

/// What a column of the file is to one plan.
#[derive(Clone, Debug)]
enum Use {
    /// Nothing the evaluation reads: the participant, the plan, the name.
    Ignore,
    /// A number the plan reads, at this column of its layout.
    Value(usize),
    /// A number the plan accepts but does not read: still checked.
    Number,
    /// A label of this component, read at this column of the layout (if
    /// the plan reads it) as its position on the scale.
    Label(Option<usize>, String),
    Period,
    TargetIncentive,
    BaseSalary,
    TargetPercent,
    Ote,
    Mix,
    Quota,
    /// A filled cell sends the row down the explained route: a key the
    /// plan refuses (the reader's error), a credit source.
    Explained,
}

/// A plan, ready for the file's columns.
struct Route<'p> {
    plan: &'p Plan,
    prepared: PreparedPlan,
    /// Whether the payout's lines are the payroll rows: no plan-level
    /// stage (whose adjustments are rows of their own), no commission.
    direct: bool,
    /// Per column of the file.
    uses: Vec<Use>,
    /// Per column of the layout: the plan's own value (a fixed target).
    defaults: Vec<Option<Decimal>>,
    /// The components' ids, in plan order: the payout's lines.
    components: Vec<&'p str>,
}

impl<'p> Route<'p> {
    fn new(plan: &'p Plan, columns: &[Column]) -> Route<'p> {
        let prog = &plan.program;
        let at = |f: Field| prog.layout.column(&f);
        let uses = columns
            .iter()
            .map(|c| {
                if check_key(plan, c).is_err() {
                    return Use::Explained;
                }
                match c {
                    Column::Participant | Column::Plan | Column::Name => Use::Ignore,
                    Column::Period => Use::Period,
                    Column::TargetIncentive => Use::TargetIncentive,
                    Column::BaseSalary => Use::BaseSalary,
                    Column::TargetPercent => Use::TargetPercent,
                    Column::Ote => Use::Ote,
                    Column::Mix => Use::Mix,
                    Column::Quota => Use::Quota,
                    Column::Actual(k) => {
                        at(Field::Actual(k.clone())).map_or(Use::Number, Use::Value)
                    }
                    Column::Target(k) => {
                        at(Field::Target(k.clone())).map_or(Use::Number, Use::Value)
                    }
                    Column::Rating(k) => {
                        at(Field::Rating(k.clone())).map_or(Use::Number, Use::Value)
                    }
                    Column::Label(k) => Use::Label(at(Field::Label(k.clone())), k.clone()),
                    Column::Source(_) => Use::Explained,
                }
            })
            .collect();
        let defaults = prog.defaults.clone();
        Route {
            plan,
            prepared: plan.prepare(),
            direct: prog.stages.is_empty() && prog.coms.is_empty(),
            uses,
            defaults,
            components: prog.comps.iter().map(|c| c.id.as_str()).collect(),
        }
    }
}

/// What every thread reads: the file's columns and the plans.
struct Shared<'p> {
    plans: &'p PlanSet,
    columns: Vec<Column>,
    names: ::csv::StringRecord,
    routes: Vec<Route<'p>>,
    by_id: HashMap<&'p str, usize>,
    participant: usize,
    plan: usize,
    period: Option<usize>,
}

impl<'p> Shared<'p> {
    fn new(
        plans: &'p PlanSet,
        columns: Vec<Column>,
        names: ::csv::StringRecord,
    ) -> Result<Shared<'p>> {
        let find = |want: &Column| columns.iter().position(|c| c == want);
        let missing = |name: &str| Error::input(format!("the header has no `{name}` column"));
        let participant = find(&Column::Participant).ok_or_else(|| missing("participant"))?;
        let plan = find(&Column::Plan).ok_or_else(|| missing("plan"))?;
        let period = find(&Column::Period);
        let routes: Vec<Route<'p>> = plans.iter().map(|p| Route::new(p, &columns)).collect();
        let by_id = plans.iter().enumerate().map(|(i, p)| (p.id(), i)).collect();
        Ok(Shared {
            plans,
            columns,
            names,
            routes,
            by_id,
            participant,
            plan,
            period,
        })
    }

    /// The participant, plan (by route) and period a row is for, when it
    /// names a participant and a known plan (otherwise reading the row
    /// fails).
    fn key<'r>(
        &self,
        record: &'r ::csv::StringRecord,
    ) -> Option<(&'r str, usize, Option<&'r str>)> {
        let participant = record.get(self.participant).filter(|p| !p.is_empty())?;
        let plan = record.get(self.plan).and_then(|p| self.by_id.get(p))?;
        let period = self
            .period
            .and_then(|i| record.get(i))
            .filter(|p| !p.is_empty());
        Some((participant, *plan, period))
    }

    /// Evaluates a piece's rows and writes their payroll rows, stopping at
    /// the first error.
    fn process(&self, chunk: &Chunk, s: &mut Scratch) -> Done {
        let mut totals = Vec::with_capacity(chunk.len);
        let mut payroll_rows = 0;
        let mut error = None;
        let duplicate_at = match chunk.stop {
            Some(Stop::Duplicate(_)) => chunk.len.checked_sub(1),
            _ => None,
        };
        for (i, record) in chunk.records.iter().take(chunk.len).enumerate() {
            let repeated = duplicate_at == Some(i);
            match self.one(record, repeated, s, &mut totals) {
                Ok(rows) => payroll_rows += rows,
                Err(e) => {
                    error = Some(e);
                    break;
                }
            }
        }
        if error.is_none() {
            error = match &chunk.stop {
                Some(Stop::Read(e) | Stop::Duplicate(e)) => Some(e.clone()),
                None => None,
            };
        }
        let bytes = match s.bytes() {
            Ok(b) => b,
            Err(e) => {
                error.get_or_insert(e);
                Vec::new()
            }
        };
        Done {
            seq: chunk.seq,
            bytes,
            totals,
            payroll_rows,
            error,
        }
    }

    /// Reads, evaluates and writes one row; `repeated` when it repeats a
    /// participant, plan and period, which is an error once the row has
    /// been read. The number of payroll rows written.
    fn one(
        &self,
        record: &::csv::StringRecord,
        repeated: bool,
        s: &mut Scratch,
        totals: &mut Vec<(Currency, Decimal)>,
    ) -> Result<u64> {
        if let Some((k, terms)) = self.values(record, s) {
            if repeated {
                // Read without fault: the duplicate is the row's error.
                return Ok(0);
            }
            if let Some(rows) = self.direct(k, record, &terms, s, totals)? {
                return Ok(rows);
            }
        }
        let line = line_of(record);
        let inputs = row(&self.columns, &self.names, record, line, Some(self.plans))?;
        if repeated {
            return Ok(0);
        }
        let route = self
            .by_id
            .get(inputs.plan())
            .and_then(|k| self.routes.get(*k))
            .ok_or_else(|| Error::input("no plan has the row's id").at(line, 1))?;
        let statement = route
            .prepared
            .statement(&inputs)
            .map_err(|e| self.place(e, line))?;
        let rows = payroll_rows(std::slice::from_ref(&statement))?;
        if let Some(r) = rows.iter().find(|r| r.reason.is_some()) {
            return Err(Error::input(
                "a manual adjustment has no place in a streamed payroll, which has no `reason` column",
            )
            .at(line, 1)
            .with_participant(&r.participant));
        }
        let mut written = 0;
        for r in rows {
            s.write(
                &r.participant,
                &r.period,
                &r.plan,
                &r.component,
                r.amount,
                r.currency.code(),
            )?;
            written += 1;
        }
        totals.push((statement.currency, statement.total));
        Ok(written)
    }

    /// The row's values in its plan's layout order, in `s.row`, and its
    /// pay terms: `None` when the row needs the explained route (an
    /// unknown plan, a cell the reader refuses, a missing value, a credit
    /// source).
    fn values<'r>(
        &self,
        record: &'r ::csv::StringRecord,
        s: &mut Scratch,
    ) -> Option<(usize, Terms<'r>)> {
        let (_, k, _) = self.key(record)?;
        let route = self.routes.get(k)?;
        if !route.direct {
            return None;
        }
        // An id, name or period the reader refuses: its error is the
        // explained route's.
        for (c, value) in self.columns.iter().zip(record.iter()) {
            let kind = match c {
                Column::Participant => IdKind::Participant,
                Column::Plan => IdKind::Plan,
                Column::Name => IdKind::Name,
                Column::Period => IdKind::Period,
                _ => continue,
            };
            if !value.is_empty() && check_id(kind, value).is_err() {
                return None;
            }
        }
        s.values.clear();
        s.values.resize(route.defaults.len(), None);
        let mut terms: Terms<'r> = Terms::NONE;
        let number = |v: &str| parse_decimal(v).ok();
        for (u, value) in route.uses.iter().zip(record.iter()) {
            if value.is_empty() {
                continue;
            }
            match u {
                Use::Ignore => {}
                Use::Explained => return None,
                Use::Value(col) => *s.values.get_mut(*col)? = Some(number(value)?),
                Use::Number => {
                    number(value)?;
                }
                Use::Label(col, component) => {
                    let v = label_position(&route.plan.def, component, value).ok()?;
                    if let Some(col) = col {
                        *s.values.get_mut(*col)? = Some(v);
                    }
                }
                Use::Period => terms.period = Some(value),
                Use::TargetIncentive => terms.target_incentive = Some(number(value)?),
                Use::BaseSalary => terms.base_salary = Some(number(value)?),
                Use::TargetPercent => terms.target_percent = Some(number(value)?),
                Use::Ote => terms.ote = Some(number(value)?),
                Use::Mix => terms.mix = Some(value.parse().ok()?),
                Use::Quota => terms.quota = Some(number(value)?),
            }
        }
        s.row.clear();
        for (v, d) in s.values.iter().zip(&route.defaults) {
            s.row.push(v.or(*d)?);
        }
        Some((k, terms))
    }

    /// Evaluates a row read by [`Shared::values`] and writes its payroll
    /// rows; `None` (nothing written) when the explained route must take
    /// it: an evaluation error, whose message that route gives, or lines
    /// that do not add up to the total.
    fn direct(
        &self,
        k: usize,
        record: &::csv::StringRecord,
        terms: &Terms<'_>,
        s: &mut Scratch,
        totals: &mut Vec<(Currency, Decimal)>,
    ) -> Result<Option<u64>> {
        let (Some(route), Some(participant)) = (self.routes.get(k), record.get(self.participant))
        else {
            return Ok(None);
        };
        let Some(out) = s.payouts.get_mut(k) else {
            return Ok(None);
        };
        if route
            .prepared
            .evaluate_values_with(participant, &s.row, terms, out)
            .is_err()
            || out.lines().len() != route.components.len()
        {
            return Ok(None);
        }
        let mut sum = Decimal::ZERO;
        for l in out.lines() {
            match exact_add(sum, l.amount) {
                Some(x) => sum = x,
                None => return Ok(None),
            }
        }
        if sum != out.total() {
            return Ok(None);
        }
        let total = out.total();
        let currency = route.plan.currency();
        let (plan, period) = (route.plan.id(), terms.period.unwrap_or_default());
        let mut written = 0;
        // The payout is borrowed from `s`: copy the amounts out first.
        for (i, component) in route.components.iter().enumerate() {
            let Some(amount) = s
                .payouts
                .get(k)
                .and_then(|o| o.lines().get(i))
                .map(|l| l.amount)
            else {
                return Ok(None);
            };
            s.write(
                participant,
                period,
                plan,
                component,
                amount,
                currency.code(),
            )?;
            written += 1;
        }
        totals.push((currency, total));
        Ok(Some(written))
    }

    /// An evaluation error placed at the row's line, and at the column of
    /// the field it names, if the file has that column.
    fn place(&self, mut e: Error, line: usize) -> Error {
        let column = e.details().field.as_deref().and_then(|f| {
            let header = match f.split_once('.') {
                Some(("actuals", k)) => format!("actual.{k}"),
                Some(("targets", k)) => format!("target.{k}"),
                Some(("ratings", k)) => format!("rating.{k}"),
                Some(("labels", k)) => format!("label.{k}"),
                _ => f.to_owned(),
            };
            self.names.iter().position(|n| n == header).map(|i| i + 1)
        });
        let d = e.details_mut();
        if d.line.is_none() {
            d.line = Some(line);
            d.column = column;
        }
        e
    }
}

/// Which participant, plan and period rows have been seen, and on which
/// line: each row's key (its plan and period as numbers, then the
/// participant's id) one after another in one buffer, an open-addressed
/// table of them, and the lines as runs. About 30 bytes a row.
struct Seen {
    state: RandomState,
    /// A key's index + 1, or 0 for none; a power of two long, at most
    /// half full.
    table: Vec<u32>,
    /// Where each key ends in `keys`; key `i` starts where key `i - 1`
    /// ends.
    ends: Vec<usize>,
    keys: Vec<u8>,
    /// `(key, line)` for each key whose row is not on the line after the
    /// previous key's: key `i`'s line is the last run's line plus the keys
    /// since.
    runs: Vec<(usize, usize)>,
    periods: HashMap<String, u32>,
    /// The key being looked up.
    key: Vec<u8>,
    /// How many keys are held before they move to a run file.
    limit: usize,
    /// The keys moved out so far, each file sorted by key, then line.
    spilled: Vec<Spill>,
}

/// A temporary file of `(key, line)` records sorted by key, then line:
/// `u32` key length, the key, `u64` line, little-endian. Removed when
/// dropped.
struct Spill {
    path: std::path::PathBuf,
}

impl Drop for Spill {
    fn drop(&mut self) {
        // A temporary file: nothing to do if it is already gone.
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Reads the next `(key, line)` record of a run file; `None` at its end.
fn next_record(r: &mut impl Read) -> Result<Option<(Vec<u8>, usize)>> {
    let mut len = [0u8; 4];
    match r.read_exact(&mut len) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(spill_error(e)),
    }
    let mut key = vec![0u8; u32::from_le_bytes(len) as usize];
    r.read_exact(&mut key).map_err(spill_error)?;
    let mut line = [0u8; 8];
    r.read_exact(&mut line).map_err(spill_error)?;
    let line = usize::try_from(u64::from_le_bytes(line))
        .map_err(|_| Error::input("a line number of the check for repeats does not fit"))?;
    Ok(Some((key, line)))
}

fn spill_error(e: std::io::Error) -> Error {
    Error::io("a temporary file of the check for repeats", e)
}

/// Appends `n` in 7-bit groups, lowest first, the last without the high
/// bit: a number that says where it ends.
fn varint(mut n: u32, out: &mut Vec<u8>) {
    while n >= 0x80 {
        out.push((n & 0x7f) as u8 | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

impl Seen {
    fn new(limit: usize) -> Seen {
        Seen {
            state: RandomState::new(),
            table: Vec::new(),
            ends: Vec::new(),
            keys: Vec::new(),
            runs: Vec::new(),
            periods: HashMap::new(),
            key: Vec::new(),
            limit,
            spilled: Vec::new(),
        }
    }

    /// Moves the keys held to a run file, sorted by key then line, and
    /// empties the table.
    fn spill(&mut self) -> Result<()> {
        let mut order: Vec<usize> = (0..self.ends.len()).collect();
        order.sort_by(|a, b| self.key(*a).cmp(self.key(*b)).then(a.cmp(b)));
        static FILES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = FILES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path =
            std::env::temp_dir().join(format!("incentive-repeats-{}-{n}.bin", std::process::id()));
        let spill = Spill { path };
        let file = std::fs::File::create(&spill.path).map_err(spill_error)?;
        let mut w = std::io::BufWriter::new(file);
        for i in order {
            let key = self.key(i);
            let len = u32::try_from(key.len())
                .map_err(|_| Error::input("a participant id is too long to check for repeats"))?;
            w.write_all(&len.to_le_bytes()).map_err(spill_error)?;
            w.write_all(key).map_err(spill_error)?;
            w.write_all(&(self.line(i) as u64).to_le_bytes())
                .map_err(spill_error)?;
        }
        w.flush().map_err(spill_error)?;
        self.spilled.push(spill);
        self.table = Vec::new();
        self.ends.clear();
        self.keys.clear();
        self.runs.clear();
        Ok(())
    }

    /// Once the file is read: the first repeat among keys moved out of
    /// memory (a repeat within what was held was found as it came), as
    /// the key, the line of its first row and the line of the row that
    /// repeats it, the repeating row earliest in the file.
    fn finish(&mut self) -> Result<Option<(Vec<u8>, usize, usize)>> {
        if self.spilled.is_empty() {
            return Ok(None);
        }
        self.spill()?;
        let mut readers = Vec::with_capacity(self.spilled.len());
        for s in &self.spilled {
            let file = std::fs::File::open(&s.path).map_err(spill_error)?;
            readers.push(std::io::BufReader::new(file));
        }
        let mut heads = std::collections::BinaryHeap::new();
        for (i, r) in readers.iter_mut().enumerate() {
            if let Some((k, l)) = next_record(r)? {
                heads.push(std::cmp::Reverse((k, l, i)));
            }
        }
        let mut best: Option<(Vec<u8>, usize, usize)> = None;
        let mut group: Option<(Vec<u8>, usize, Option<usize>)> = None;
        let close = |g: Option<(Vec<u8>, usize, Option<usize>)>,
                     best: &mut Option<(Vec<u8>, usize, usize)>| {
            if let Some((k, first, Some(second))) = g {
                if best.as_ref().is_none_or(|b| second < b.2) {
                    *best = Some((k, first, second));
                }
            }
        };
        while let Some(std::cmp::Reverse((k, l, i))) = heads.pop() {
            if let Some(r) = readers.get_mut(i) {
                if let Some((nk, nl)) = next_record(r)? {
                    heads.push(std::cmp::Reverse((nk, nl, i)));
                }
            }
            match &mut group {
                Some((gk, _, second)) if *gk == k => {
                    // Lines come in order within a key: the second is the
                    // earliest repeat.
                    if second.is_none() {
                        *second = Some(l);
                    }
                }
                _ => {
                    close(group.take(), &mut best);
                    group = Some((k, l, None));
                }
            }
        }
        close(group.take(), &mut best);
        Ok(best)
    }

    /// A key's route, period label and participant.
    fn decode(&self, key: &[u8]) -> Option<(usize, Option<String>, String)> {
        let mut at = 0;
        let mut varint_at = || -> Option<u32> {
            let mut n: u32 = 0;
            let mut shift = 0;
            loop {
                let b = *key.get(at)?;
                at += 1;
                n |= u32::from(b & 0x7f).checked_shl(shift)?;
                if b & 0x80 == 0 {
                    return Some(n);
                }
                shift += 7;
            }
        };
        let route = usize::try_from(varint_at()?).ok()?;
        let period = varint_at()?;
        let period = match period {
            0 => None,
            n => Some(self.periods.iter().find(|(_, v)| **v == n)?.0.clone()),
        };
        let participant = String::from_utf8(key.get(at..)?.to_vec()).ok()?;
        Some((route, period, participant))
    }

    /// Key `i`.
    fn key(&self, i: usize) -> &[u8] {
        let start = i
            .checked_sub(1)
            .and_then(|p| self.ends.get(p))
            .copied()
            .unwrap_or(0);
        let end = self.ends.get(i).copied().unwrap_or(start);
        self.keys.get(start..end).unwrap_or_default()
    }

    /// The line of key `i`'s row.
    fn line(&self, i: usize) -> usize {
        let run = self.runs.partition_point(|(k, _)| *k <= i);
        match run.checked_sub(1).and_then(|r| self.runs.get(r)) {
            Some((k, line)) => line.saturating_add(i - k),
            None => 0,
        }
    }

    fn hash(&self, key: &[u8]) -> usize {
        // Truncated on 32-bit targets: a table index, not an identity.
        self.state.hash_one(key) as usize
    }

    /// Records a row of `participant`, plan `plan` (a route) and `period`
    /// on `line`: the line of the earlier row for them, if there is one.
    fn insert(
        &mut self,
        participant: &str,
        plan: usize,
        period: Option<&str>,
        line: usize,
    ) -> Result<Option<usize>> {
        let too_many =
            || Error::input("the file has too many rows to check for repeats (over 2^31)");
        let plan = u32::try_from(plan).map_err(|_| too_many())?;
        let period = match period {
            None => 0,
            Some(p) => match self.periods.get(p) {
                Some(n) => *n,
                None => {
                    let n = u32::try_from(self.periods.len())
                        .ok()
                        .and_then(|n| n.checked_add(1))
                        .ok_or_else(too_many)?;
                    self.periods.insert(p.to_owned(), n);
                    n
                }
            },
        };
        let mut key = std::mem::take(&mut self.key);
        key.clear();
        varint(plan, &mut key);
        varint(period, &mut key);
        key.extend_from_slice(participant.as_bytes());
        let found = self.find(&key, line);
        self.key = key;
        found
    }

    fn find(&mut self, key: &[u8], line: usize) -> Result<Option<usize>> {
        let too_many =
            || Error::input("the file has too many rows to check for repeats (over 2^31)");
        if self.ends.len() >= self.table.len() / 2 {
            self.grow().ok_or_else(too_many)?;
        }
        let mask = self.table.len().wrapping_sub(1);
        let mut at = self.hash(key) & mask;
        loop {
            let Some(entry) = self.table.get(at).copied() else {
                return Err(too_many());
            };
            let Some(i) = usize::try_from(entry).ok().and_then(|e| e.checked_sub(1)) else {
                break;
            };
            if self.key(i) == key {
                return Ok(Some(self.line(i)));
            }
            at = (at + 1) & mask;
        }
        if self.ends.len() >= self.limit {
            self.spill()?;
            return self.find(key, line);
        }
        let i = self.ends.len();
        let next = i.checked_sub(1).map(|p| self.line(p).saturating_add(1));
        if next != Some(line) {
            self.runs.push((i, line));
        }
        self.keys.extend_from_slice(key);
        self.ends.push(self.keys.len());
        let entry = u32::try_from(i + 1).map_err(|_| too_many())?;
        if let Some(e) = self.table.get_mut(at) {
            *e = entry;
        }
        Ok(None)
    }

    /// Doubles the table and places every key again; `None` past 2^31
    /// rows.
    fn grow(&mut self) -> Option<()> {
        let len = self.table.len().max(512).checked_mul(2)?;
        if len > (1 << 32) {
            return None;
        }
        let mut table = vec![0u32; len];
        let mask = len - 1;
        for i in 0..self.ends.len() {
            let mut at = self.hash(self.key(i)) & mask;
            while table.get(at).is_some_and(|e| *e != 0) {
                at = (at + 1) & mask;
            }
            *table.get_mut(at)? = u32::try_from(i + 1).ok()?;
        }
        self.table = table;
        Some(())
    }
}
