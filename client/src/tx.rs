//! Signing, submitting and following a transaction, and saying why one failed.

use std::time::Duration;

use anyhow::{anyhow, Result};
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;
use subxt::ext::scale_value;
use subxt::{
	error::{
		BackendError, DispatchError, ExtrinsicError, RpcError, TransactionEventsError,
		TransactionProgressError,
	},
	transactions::{Payload, TransactionStatus},
	utils::H256,
};
use subxt_signer::sr25519::Keypair;

use crate::{Client, Config};

/// How long `submit` waits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Wait {
	/// Until a block includes the transaction (its events are known, but the block may
	/// still be replaced).
	InBlock,
	/// Until GRANDPA finalizes that block.
	Finalized,
}

/// One event the transaction emitted: `Pallet.Name` and its fields as JSON.
#[derive(Clone, Debug, Serialize)]
pub struct Event {
	pub pallet: String,
	pub name: String,
	pub fields: serde_json::Value,
}

/// A transaction that succeeded.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Receipt {
	pub extrinsic: String,
	pub block: String,
	pub block_number: u64,
	pub finalized: bool,
	pub events: Vec<Event>,
}

impl Receipt {
	/// The first event named `pallet.name`.
	pub fn event(&self, pallet: &str, name: &str) -> Option<&Event> {
		self.events.iter().find(|e| e.pallet == pallet && e.name == name)
	}
}

/// Why a transaction failed, decoded from the metadata: `Consent.NotOwner` and the error's
/// doc line, never a raw index.
#[derive(Debug)]
pub struct Failed {
	pub error: String,
	pub docs: String,
}

impl std::fmt::Display for Failed {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		if self.docs.is_empty() {
			write!(f, "the transaction failed: {}", self.error)
		} else {
			write!(f, "the transaction failed: {}: {}", self.error, self.docs)
		}
	}
}

impl std::error::Error for Failed {}

fn dispatch_failure(e: &DispatchError) -> Failed {
	match e {
		DispatchError::Module(m) => match m.details() {
			Ok(d) => Failed {
				error: format!("{}.{}", d.pallet.name(), d.variant.name),
				docs: d.variant.docs.join(" ").trim().to_string(),
			},
			Err(_) => Failed { error: m.details_string(), docs: String::new() },
		},
		other => Failed { error: format!("{other}"), docs: String::new() },
	}
}

fn spinner(quiet: bool) -> ProgressBar {
	if quiet {
		return ProgressBar::hidden();
	}
	let bar = ProgressBar::new_spinner();
	bar.set_style(
		ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
			.unwrap_or_else(|_| ProgressStyle::default_spinner()),
	);
	bar.enable_steady_tick(Duration::from_millis(120));
	bar
}

/// Signs `call` with `signer`, submits it, and follows it until `wait`, showing a spinner on
/// standard error unless `quiet`. Fails with [`Failed`] if the runtime refused it.
pub async fn submit<Call: Payload>(
	client: &Client,
	call: &Call,
	signer: &Keypair,
	wait: Wait,
	quiet: bool,
) -> Result<Receipt> {
	let bar = spinner(quiet);
	bar.set_message("signing");
	// The nonce at the finalized block would miss the signer's unfinalized transactions.
	let nonce = client.next_nonce(&crate::keys::account(signer)).await?;
	let params = subxt::config::DefaultExtrinsicParamsBuilder::<Config>::new().nonce(nonce).build();
	let at = client.api().at_current_block().await?;
	let mut progress =
		at.transactions().sign_and_submit_then_watch(call, signer, params).await.map_err(|e| {
			bar.finish_and_clear();
			refusal(&e)
		})?;
	let extrinsic = progress.extrinsic_hash();
	bar.set_message(format!("submitted {extrinsic:?}: in the pool"));
	loop {
		let status = progress
			.next()
			.await
			.ok_or_else(|| anyhow!("the node stopped reporting on transaction {extrinsic:?}"))?
			.map_err(|e: TransactionProgressError| anyhow!("lost track of {extrinsic:?}: {e}"))?;
		let (in_block, finalized) = match status {
			TransactionStatus::Validated | TransactionStatus::Broadcasted => {
				bar.set_message(format!("{extrinsic:?}: in the pool"));
				continue;
			},
			TransactionStatus::NoLongerInBestBlock => {
				bar.set_message(format!(
					"{extrinsic:?}: back in the pool (its block was replaced)"
				));
				continue;
			},
			TransactionStatus::InBestBlock(b) => {
				bar.set_message(format!("{extrinsic:?}: in block {:?}", b.block_hash()));
				if wait == Wait::Finalized {
					// Fail early: a refused call is refused in any block.
					check(&b, &bar).await?;
					continue;
				}
				(b, false)
			},
			TransactionStatus::InFinalizedBlock(b) => (b, true),
			TransactionStatus::Error { message } => {
				bar.finish_and_clear();
				return Err(anyhow!("the node reported an error for {extrinsic:?}: {message}"));
			},
			TransactionStatus::Invalid { message } => {
				bar.finish_and_clear();
				return Err(anyhow!("the transaction is invalid: {message}"));
			},
			TransactionStatus::Dropped { message } => {
				bar.finish_and_clear();
				return Err(anyhow!("the pool dropped the transaction: {message}"));
			},
		};
		let events = check(&in_block, &bar).await?;
		let block = in_block.at().await?;
		bar.finish_and_clear();
		return Ok(Receipt {
			extrinsic: format!("{extrinsic:?}"),
			block: format!("{:?}", in_block.block_hash()),
			block_number: block.block_number(),
			finalized,
			events,
		});
	}
}

/// Why the node refused a transaction at submission. `author_submitAndWatchExtrinsic`
/// answers a pool refusal with a JSON-RPC error whose `data` says why ("Inability to pay
/// some fees ..."); subxt shows only its message ("Invalid Transaction (1010)").
fn refusal(e: &ExtrinsicError) -> anyhow::Error {
	// subxt keeps the backend error as a field here, not as the error's source.
	if let ExtrinsicError::ErrorSubmittingTransaction(BackendError::Rpc(RpcError::ClientError(
		subxt::rpcs::Error::User(user),
	))) = e
	{
		return anyhow!("{}", refusal_message(user.code, &user.message, user.data.as_deref()));
	}
	anyhow!("the node refused the transaction: {e}")
}

/// The sentence for a pool's JSON-RPC refusal (sc-rpc-api's `author` error codes).
fn refusal_message(code: i32, message: &str, data: Option<&serde_json::value::RawValue>) -> String {
	// The reason is a JSON string; anything else is shown as it came.
	let why = data
		.map(|d| serde_json::from_str::<String>(d.get()).unwrap_or_else(|_| d.get().to_string()));
	match (code, why.as_deref()) {
		(1010, Some(why)) => format!("the transaction is invalid: {why}"),
		// The reason is `UnknownTransaction`'s Debug form.
		(1011, Some("CannotLookup")) => "the node cannot tell whether the transaction is valid: \
			 it could not look up what the check needs"
			.to_string(),
		(1011, Some("NoUnsignedValidator")) => "the node cannot tell whether the transaction is \
			 valid: nothing in the runtime validates it unsigned"
			.to_string(),
		(1011, Some(why)) => {
			format!("the node cannot tell whether the transaction is valid: {why}")
		},
		// A message that already says why (1002 repeats its reason in Debug form) stands alone.
		(_, Some(why)) if code != 1002 && !message.contains(why) => {
			format!("the node refused the transaction: {message} ({code}): {why}")
		},
		_ => format!("the node refused the transaction: {message} ({code})"),
	}
}

/// The transaction's events, or why the runtime refused it.
async fn check<C: subxt::client::OnlineClientAtBlockT<Config>>(
	in_block: &subxt::transactions::TransactionInBlock<Config, C>,
	bar: &ProgressBar,
) -> Result<Vec<Event>> {
	match in_block.wait_for_success().await {
		Ok(events) => {
			let mut out = Vec::new();
			for ev in events.iter() {
				let ev = ev?;
				let fields = ev
					.decode_fields_unchecked_as::<scale_value::Composite<()>>()
					.map(|c| {
						value_json(&scale_value::Value {
							value: scale_value::ValueDef::Composite(c),
							context: (),
						})
					})
					.unwrap_or(serde_json::Value::Null);
				out.push(Event {
					pallet: ev.pallet_name().to_string(),
					name: ev.event_name().to_string(),
					fields,
				});
			}
			Ok(out)
		},
		Err(TransactionEventsError::ExtrinsicFailed(e)) => {
			bar.finish_and_clear();
			Err(dispatch_failure(&e).into())
		},
		Err(e) => {
			bar.finish_and_clear();
			Err(anyhow!("cannot read the transaction's events: {e}"))
		},
	}
}

/// A decoded value as plain JSON: composites with names as objects, without names as
/// arrays (32-byte arrays as `0x` hex), variants as `{"Name": ...}` or `"Name"`.
pub fn value_json(v: &scale_value::Value<()>) -> serde_json::Value {
	use scale_value::{Composite, Primitive, ValueDef};
	use serde_json::{json, Value};
	fn composite(c: &Composite<()>) -> Value {
		match c {
			Composite::Named(fields) => {
				Value::Object(fields.iter().map(|(k, v)| (k.clone(), value_json(v))).collect())
			},
			Composite::Unnamed(items) => {
				let bytes: Option<Vec<u8>> = items
					.iter()
					.map(|v| match &v.value {
						ValueDef::Primitive(Primitive::U128(n)) => u8::try_from(*n).ok(),
						_ => None,
					})
					.collect();
				match bytes {
					Some(b) if !b.is_empty() && items.len() >= 20 => {
						json!(format!("0x{}", hex::encode(b)))
					},
					_ if items.len() == 1 => items.first().map(value_json).unwrap_or(Value::Null),
					_ => Value::Array(items.iter().map(value_json).collect()),
				}
			},
		}
	}
	match &v.value {
		ValueDef::Composite(c) => composite(c),
		ValueDef::Variant(var) => {
			if var.values.is_empty() {
				json!(var.name)
			} else {
				json!({ var.name.clone(): composite(&var.values) })
			}
		},
		ValueDef::Primitive(p) => match p {
			Primitive::Bool(b) => json!(b),
			Primitive::Char(c) => json!(c.to_string()),
			Primitive::String(s) => json!(s),
			// Balances exceed JavaScript's safe integers: large numbers as strings.
			Primitive::U128(n) if *n > (1u128 << 53) => json!(n.to_string()),
			Primitive::U128(n) => json!(*n as u64),
			Primitive::I128(n) => json!(n.to_string()),
			Primitive::U256(b) | Primitive::I256(b) => json!(format!("0x{}", hex::encode(b))),
		},
		ValueDef::BitSequence(_) => json!("<bits>"),
	}
}

/// The id an event carries in field `field`, as a number.
pub fn event_id(receipt: &Receipt, pallet: &str, name: &str, field: &str) -> Option<u64> {
	receipt.event(pallet, name)?.fields.get(field)?.as_u64()
}

/// A hash for display.
pub fn hash_hex(h: &H256) -> String {
	format!("{h:?}")
}

#[cfg(test)]
mod tests {
	use super::*;

	fn raw(json: &str) -> Box<serde_json::value::RawValue> {
		serde_json::value::RawValue::from_string(json.to_string()).expect("valid JSON")
	}

	/// The error `sign_and_submit_then_watch` returns for a pool's JSON-RPC refusal.
	fn refused(code: i32, message: &str, data: Option<&str>) -> ExtrinsicError {
		ExtrinsicError::ErrorSubmittingTransaction(BackendError::Rpc(RpcError::ClientError(
			subxt::rpcs::Error::User(subxt::rpcs::UserError {
				code,
				message: message.into(),
				data: data.map(raw),
			}),
		)))
	}

	#[test]
	fn a_pool_refusal_says_why() {
		// The `data` the node sends (sc-rpc-api 0.60's author/error.rs).
		let cases = [
			(
				refused(
					1010,
					"Invalid Transaction",
					Some(r#""Inability to pay some fees (e.g. account balance too low)""#),
				),
				"the transaction is invalid: Inability to pay some fees (e.g. account balance too \
				 low)",
			),
			(
				refused(1011, "Unknown Transaction Validity", Some(r#""CannotLookup""#)),
				"the node cannot tell whether the transaction is valid: it could not look up what \
				 the check needs",
			),
			(
				refused(1011, "Unknown Transaction Validity", Some(r#""NoUnsignedValidator""#)),
				"the node cannot tell whether the transaction is valid: nothing in the runtime \
				 validates it unsigned",
			),
			(
				refused(1011, "Unknown Transaction Validity", Some(r#""Custom(3)""#)),
				"the node cannot tell whether the transaction is valid: Custom(3)",
			),
			(
				refused(1012, "Transaction is temporarily banned", None),
				"the node refused the transaction: Transaction is temporarily banned (1012)",
			),
			(
				refused(
					1014,
					"Priority is too low: (5 vs 4)",
					Some(
						r#""The transaction has too low priority to replace another transaction already in the pool.""#,
					),
				),
				"the node refused the transaction: Priority is too low: (5 vs 4) (1014): The \
				 transaction has too low priority to replace another transaction already in the \
				 pool.",
			),
			(
				refused(
					1002,
					"Verification Error: Runtime error: Execution failed",
					Some(r#""RuntimeApi(\"Execution failed\")""#),
				),
				"the node refused the transaction: Verification Error: Runtime error: Execution \
				 failed (1002)",
			),
			// A reason that is not a JSON string is shown as it came.
			(
				refused(1099, "Something new", Some(r#"{"why":1}"#)),
				r#"the node refused the transaction: Something new (1099): {"why":1}"#,
			),
		];
		for (error, want) in cases {
			assert_eq!(refusal(&error).to_string(), want);
		}
	}

	#[test]
	fn an_error_without_a_json_rpc_refusal_keeps_its_own_words() {
		let lost = ExtrinsicError::ErrorSubmittingTransaction(BackendError::Rpc(
			RpcError::ClientError(subxt::rpcs::Error::DisconnectedWillReconnect("gone".into())),
		));
		assert_eq!(
			refusal(&lost).to_string(),
			"the node refused the transaction: Cannot submit extrinsic: Backend error: RPC error: \
			 RPC error: RPC error: the connection was lost (gone); reconnect automatically \
			 initiated"
		);
	}
}
