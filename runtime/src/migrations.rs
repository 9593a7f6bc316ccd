//! Runtime migrations: what an upgrade runs once, before the first block of the new code.
//!
//! # Adding a migration
//! A storage change in a pallet bumps its `STORAGE_VERSION` and ships a migration in the
//! pallet's `migrations` module, written as an `UncheckedOnRuntimeUpgrade` (with
//! `pre_upgrade`/`post_upgrade` checks under `try-runtime`) and wrapped in
//! `frame_support::migrations::VersionedMigration`, which runs it only when the on-chain
//! version is the one it migrates from and then writes the new version:
//!
//! ```ignore
//! pub type MigrateV0ToV1<T> = frame_support::migrations::VersionedMigration<
//!     0, 1, v1::UncheckedMigrateV0ToV1<T>, crate::Pallet<T>, <T as frame_system::Config>::DbWeight,
//! >;
//! ```
//!
//! List it in [`Unreleased`], run `scripts/try-runtime.sh` against a snapshot of the live
//! chain (docs/validator.md), and move it out of `Unreleased` once that release is enacted.
//! The last test in this module shows the whole path on a real pallet.

#[cfg(feature = "try-runtime")]
use alloc::vec::Vec;
use frame_support::traits::OnRuntimeUpgrade;
#[cfg(feature = "try-runtime")]
use sp_runtime::TryRuntimeError;

#[cfg(any(feature = "try-runtime", test))]
use {
	crate::Runtime,
	provenance_primitives::{DatasetId, GrantId, ModelId},
};

/// The migrations of the next release, run in order. Empty: no storage layout has changed
/// since genesis.
pub type Unreleased = ();

/// Everything an upgrade runs: this release's migrations, then the checks that hold for
/// every upgrade.
pub type Migrations = (Unreleased, RecordsSurvive);

/// What every upgrade must keep: no dataset, grant or model is lost or renumbered. Writes
/// nothing; under `try-runtime` it compares the id counters before and after the other
/// migrations (and `try-runtime`'s `try_state` then checks every record's invariants).
pub struct RecordsSurvive;

#[cfg(any(feature = "try-runtime", test))]
type Counters = (DatasetId, GrantId, ModelId);

#[cfg(any(feature = "try-runtime", test))]
fn counters() -> Counters {
	(
		pallet_datasets::NextDatasetId::<Runtime>::get(),
		pallet_consent::NextGrantId::<Runtime>::get(),
		pallet_lineage::NextModelId::<Runtime>::get(),
	)
}

impl OnRuntimeUpgrade for RecordsSurvive {
	fn on_runtime_upgrade() -> frame_support::weights::Weight {
		frame_support::weights::Weight::zero()
	}

	#[cfg(feature = "try-runtime")]
	fn pre_upgrade() -> Result<Vec<u8>, TryRuntimeError> {
		use codec::Encode;
		Ok(counters().encode())
	}

	#[cfg(feature = "try-runtime")]
	fn post_upgrade(state: Vec<u8>) -> Result<(), TryRuntimeError> {
		use codec::Decode;
		let before = Counters::decode(&mut &state[..])
			.map_err(|_| TryRuntimeError::Other("RecordsSurvive: undecodable pre-upgrade state"))?;
		frame_support::ensure!(
			counters() == before,
			TryRuntimeError::Other("RecordsSurvive: a dataset, grant or model id counter changed")
		);
		Ok(())
	}
}

#[cfg(test)]
mod tests {
	use frame_support::{
		migrations::VersionedMigration,
		traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion, UncheckedOnRuntimeUpgrade},
		weights::Weight,
	};
	use sp_runtime::BuildStorage;

	use super::*;
	use crate::{tests::genesis_of, Datasets, System};

	fn ext() -> sp_io::TestExternalities {
		let storage = genesis_of("development", serde_json::Value::Null)
			.build_storage()
			.expect("development genesis");
		let mut ext = sp_io::TestExternalities::new(storage);
		ext.execute_with(|| System::set_block_number(1));
		ext
	}

	#[test]
	fn an_upgrade_keeps_every_record_and_writes_nothing() {
		ext().execute_with(|| {
			assert_eq!(counters(), (0, 0, 0));
			crate::tests::consent_checked_training::dataset(1);
			let before = counters();
			assert_eq!(before.0, 1);
			assert_eq!(<Migrations as OnRuntimeUpgrade>::on_runtime_upgrade(), Weight::zero());
			assert_eq!(counters(), before);
		});
	}

	/// The pattern a real migration follows, on the datasets pallet: it runs once, at the
	/// version it migrates from, and records the version it migrates to.
	struct Touch;
	impl UncheckedOnRuntimeUpgrade for Touch {
		fn on_runtime_upgrade() -> Weight {
			pallet_datasets::NextDatasetId::<Runtime>::mutate(|id| *id = id.saturating_add(100));
			Weight::from_parts(1, 0)
		}
	}

	#[test]
	fn a_versioned_migration_runs_once_at_its_version() {
		type V0ToV1 =
			VersionedMigration<0, 1, Touch, Datasets, <Runtime as frame_system::Config>::DbWeight>;
		ext().execute_with(|| {
			assert_eq!(Datasets::on_chain_storage_version(), StorageVersion::new(0));
			V0ToV1::on_runtime_upgrade();
			assert_eq!(pallet_datasets::NextDatasetId::<Runtime>::get(), 100);
			assert_eq!(Datasets::on_chain_storage_version(), StorageVersion::new(1));
			// Applied again (a second upgrade that still lists it): nothing happens.
			V0ToV1::on_runtime_upgrade();
			assert_eq!(pallet_datasets::NextDatasetId::<Runtime>::get(), 100);
		});
	}
}
