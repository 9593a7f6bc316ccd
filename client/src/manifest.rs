//! A training run described in a file a pipeline can write (TOML or JSON), for
//! `provenance model register --manifest run.toml`.
//!
//! ```toml
//! weights_hash = "0x…"          # required
//! name = "sentiment-ft"
//! version = "1.0"
//! uri = "https://models.example/sentiment-ft"
//! license = "Apache-2.0"
//! card_hash = "0x…"             # optional, default zero
//! policy = "open"               # open | owner-only | royalty:<percent>
//! kind = "fine-tune"            # pretrain | fine-tune | adapter | merge | distill | quantize
//! purpose = "fine-tuning"
//! config_hash = "0x…"
//! code_hash = "0x…"
//! compute_provider = "5F…"      # optional
//! max_parent_share = 100        # percent; optional, default 100
//!
//! [[parents]]
//! model = 0
//! kind = "fine-tune"
//!
//! [[inputs]]
//! dataset = 3
//! role = "train"                # train | validation | test
//! grant = 7
//! ```

use anyhow::{bail, Context, Result};
use serde::Deserialize;

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ParentSpec {
	pub model: u64,
	pub kind: String,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct InputSpec {
	pub dataset: u64,
	pub role: String,
	pub grant: u64,
}

/// A model and the run that produced it.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
	pub weights_hash: String,
	#[serde(default)]
	pub name: String,
	#[serde(default)]
	pub version: String,
	#[serde(default)]
	pub uri: String,
	#[serde(default)]
	pub license: String,
	pub card_hash: Option<String>,
	#[serde(default = "default_policy")]
	pub policy: String,
	pub kind: String,
	pub purpose: String,
	pub config_hash: Option<String>,
	pub code_hash: Option<String>,
	pub compute_provider: Option<String>,
	pub max_parent_share: Option<f64>,
	#[serde(default)]
	pub parents: Vec<ParentSpec>,
	#[serde(default)]
	pub inputs: Vec<InputSpec>,
}

fn default_policy() -> String {
	"open".into()
}

impl Manifest {
	/// Reads a manifest: JSON if the file ends in `.json`, TOML otherwise.
	pub fn load(path: &std::path::Path) -> Result<Self> {
		let text = std::fs::read_to_string(path)
			.with_context(|| format!("cannot read the manifest {}", path.display()))?;
		let manifest: Manifest = if path.extension().is_some_and(|e| e == "json") {
			serde_json::from_str(&text)
				.with_context(|| format!("{} is not a valid JSON manifest", path.display()))?
		} else {
			toml::from_str(&text)
				.with_context(|| format!("{} is not a valid TOML manifest", path.display()))?
		};
		if manifest.parents.is_empty() && manifest.inputs.is_empty() {
			bail!("{}: a run needs at least one parent or input", path.display());
		}
		Ok(manifest)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn toml_and_json_manifests_read_the_same() {
		let dir = std::env::temp_dir().join(format!("provenance-manifest-{}", std::process::id()));
		std::fs::create_dir_all(&dir).unwrap();
		let toml_path = dir.join("run.toml");
		std::fs::write(
			&toml_path,
			"weights_hash = \"0x01\"\nkind = \"fine-tune\"\npurpose = \"fine-tuning\"\n[[parents]]\nmodel = 0\nkind = \"fine-tune\"\n[[inputs]]\ndataset = 3\nrole = \"train\"\ngrant = 7\n",
		)
		.unwrap();
		let json_path = dir.join("run.json");
		std::fs::write(
			&json_path,
			r#"{"weights_hash":"0x01","kind":"fine-tune","purpose":"fine-tuning","parents":[{"model":0,"kind":"fine-tune"}],"inputs":[{"dataset":3,"role":"train","grant":7}]}"#,
		)
		.unwrap();
		let a = Manifest::load(&toml_path).unwrap();
		assert_eq!(a, Manifest::load(&json_path).unwrap());
		assert_eq!(a.inputs[0].grant, 7);
		std::fs::write(
			&toml_path,
			"weights_hash = \"0x01\"\nkind = \"x\"\npurpose = \"y\"\nbogus = 1\n",
		)
		.unwrap();
		let e = Manifest::load(&toml_path).unwrap_err();
		assert!(format!("{e:#}").contains("unknown field"), "{e:#}");
		std::fs::write(&toml_path, "weights_hash = \"0x01\"\nkind = \"x\"\npurpose = \"y\"\n")
			.unwrap();
		assert!(Manifest::load(&toml_path).is_err(), "a run with nothing in it");
		std::fs::remove_dir_all(&dir).ok();
	}
}
