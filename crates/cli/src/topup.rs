//! `highneeds topup price`: what a top-up package costs under a council's funding model
//! (docs/formats/topup.md). The rules are `domain::topup`; this reads the model's folder and the
//! package's file, and prints the result as JSON. It needs no database.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use domain::topup::band::{BandMatrix, BandRequest};
use domain::topup::costing::{self, CostingModel, PUBLISHED_FOLDERS, Package, SourceFile};
use domain::topup::{ModelError, ModelVersion};
use domain::{FieldError, Pence};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// The file that makes a folder a band matrix.
const BAND_MATRIX_FILE: &str = "band-matrix.json";

#[derive(Subcommand)]
pub enum TopupCommand {
    /// Price a top-up package with a funding model and print the result as JSON: the annual
    /// amount in pence (null when a cap is breached), weekly hours by funding code, every cap
    /// breached and by how many hours, provisions the panel must cost, and duplicates. See
    /// docs/formats/topup.md.
    Price(PriceArgs),
    /// Load a needs and provision costing model (Bristol's published folders) into a council
    /// and use it for new applications. Every version loaded is kept; an award keeps the one it
    /// was priced with.
    Install {
        /// The council, by DfE LA code (e.g. 801; 999 is the demo's Exampleshire).
        #[arg(long)]
        la: String,
        /// The model's folder.
        #[arg(long, value_name = "DIR")]
        model: PathBuf,
    },
}

#[derive(Args)]
pub struct PriceArgs {
    /// The funding model's folder: Bristol's published files (needs/, provisions/,
    /// provisionsLookUp/, provisionCodesLookUp/) or a band-matrix.json.
    #[arg(long, value_name = "DIR")]
    model: PathBuf,
    /// The package: a JSON file of the need statements chosen and the provisions ticked with
    /// their sub-area (or, for a band matrix, a level per area of need).
    file: PathBuf,
}

/// A model as read from its folder.
enum Model {
    Costing(Box<CostingModel>),
    Bands(BandMatrix),
}

/// The printed result: the model's identity, then the model's own fields, then the amount in
/// pounds for people reading it.
#[derive(Serialize)]
struct Output<'a, T: Serialize> {
    model: &'a ModelVersion,
    #[serde(flatten)]
    result: &'a T,
    annual: Option<String>,
}

pub fn run(command: TopupCommand) -> anyhow::Result<()> {
    let TopupCommand::Price(args) = command else {
        anyhow::bail!("installing a model needs the database: it runs from main with --db");
    };
    let model = read_model(&args.model)?;
    let path = args.file.display().to_string();
    let bytes =
        std::fs::read(&args.file).map_err(|e| anyhow::anyhow!("cannot read {path}: {e}"))?;
    let json = match &model {
        Model::Costing(model) => {
            let package: Package = parse(&path, &bytes)?;
            let pricing = costing::price(model, &package).map_err(|p| problems(&path, &p))?;
            output(model.version(), &pricing, pricing.annual)?
        }
        Model::Bands(matrix) => {
            let request: BandRequest = parse(&path, &bytes)?;
            let decision = matrix.decide(&request).map_err(|p| problems(&path, &p))?;
            output(matrix.version(), &decision, decision.annual)?
        }
    };
    let mut stdout = std::io::stdout().lock();
    match writeln!(stdout, "{json}").and_then(|()| stdout.flush()) {
        // A reader that stops early (`| head`) is not a failure.
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => anyhow::bail!("cannot write the result: {e}"),
    }
}

fn output<T: Serialize>(
    model: &ModelVersion,
    result: &T,
    annual: Option<Pence>,
) -> anyhow::Result<String> {
    let out = Output {
        model,
        result,
        annual: annual.map(|p| p.to_string()),
    };
    Ok(serde_json::to_string_pretty(&out)?)
}

/// Reads the package file, naming the line of a problem.
fn parse<T: DeserializeOwned>(path: &str, bytes: &[u8]) -> anyhow::Result<T> {
    serde_json::from_slice(bytes).map_err(|e| anyhow::anyhow!("{}", ModelError::json(path, &e)))
}

/// Lists each problem on stderr and gives the error that ends the command.
fn problems(path: &str, problems: &[FieldError]) -> anyhow::Error {
    for p in problems {
        eprintln!("{path}: {p}");
    }
    let n = problems.len();
    anyhow::anyhow!(
        "{path}: {n} problem{} with the package (listed above); nothing was priced",
        if n == 1 { "" } else { "s" }
    )
}

/// Reads a model's folder: a band matrix if it holds `band-matrix.json`, else Bristol's
/// published folders. The model is named after the folder.
fn read_model(dir: &Path) -> anyhow::Result<Model> {
    let shown = dir.display().to_string();
    let in_dir = |e: ModelError| anyhow::anyhow!("{}: {e}", shown.trim_end_matches('/'));
    let band_file = dir.join(BAND_MATRIX_FILE);
    if band_file.is_file() {
        let bytes = std::fs::read(&band_file)
            .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", band_file.display()))?;
        return BandMatrix::from_json(BAND_MATRIX_FILE, &bytes)
            .map(Model::Bands)
            .map_err(in_dir);
    }
    if !PUBLISHED_FOLDERS.iter().any(|f| dir.join(f).is_dir()) {
        anyhow::bail!(
            "--model {shown}: not a funding model: it holds neither {BAND_MATRIX_FILE} nor the folders {}",
            PUBLISHED_FOLDERS.join(", ")
        );
    }
    let files = read_costing_files(dir)?;
    let id = model_name(dir);
    costing::load(&id, &files)
        .map(|m| Model::Costing(Box::new(m)))
        .map_err(in_dir)
}

/// The JSON files of Bristol's published folders in `dir`, by path within it.
fn read_costing_files(dir: &Path) -> anyhow::Result<Vec<SourceFile>> {
    let shown = dir.display().to_string();
    let mut files = Vec::new();
    for folder in PUBLISHED_FOLDERS {
        let Ok(entries) = std::fs::read_dir(dir.join(folder)) else {
            // A missing folder is reported by the loader, by name.
            continue;
        };
        for entry in entries {
            let entry = entry.map_err(|e| anyhow::anyhow!("cannot read {shown}/{folder}: {e}"))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if !name.ends_with(".json") || !entry.path().is_file() {
                continue;
            }
            let bytes = std::fs::read(entry.path())
                .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", entry.path().display()))?;
            files.push(SourceFile {
                path: format!("{folder}/{name}"),
                bytes,
            });
        }
    }
    Ok(files)
}

/// The model's name: its folder's.
fn model_name(dir: &Path) -> String {
    std::fs::canonicalize(dir)
        .ok()
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "model".to_owned())
}

/// `highneeds topup install`: loads a needs and provision costing model into a council and
/// makes it the one new applications use.
pub async fn install(location: &store::Location, la: &str, dir: &Path) -> anyhow::Result<()> {
    let la = crate::parse_la(la)?;
    if !PUBLISHED_FOLDERS.iter().any(|f| dir.join(f).is_dir()) {
        anyhow::bail!(
            "--model {}: not a needs and provision model: it holds none of the folders {}",
            dir.display(),
            PUBLISHED_FOLDERS.join(", ")
        );
    }
    let files = read_costing_files(dir)?;
    let store = crate::open(location).await?;
    let version = app::topup::models::install_model(
        &store,
        &app::Actor::operator(la),
        &model_name(dir),
        files,
        chrono::Utc::now(),
    )
    .await?;
    println!(
        "Council {la} now prices new top-up applications with {version} (SHA-256 {}).",
        version.sha256
    );
    store.close().await;
    Ok(())
}
