//! Benchmarks for every call, each at the worst case the bounds allow.

use super::*;
use alloc::vec;
use frame_benchmarking::v2::*;
use frame_support::traits::{
	fungible::{Inspect, Mutate},
	EnsureOrigin,
};
use frame_system::RawOrigin;

fn assert_last_event<T: Config>(event: Event<T>) {
	frame_system::Pallet::<T>::assert_last_event(event.into());
}

/// The largest dataset deposit the bounds allow.
fn max_dataset_deposit<T: Config>() -> BalanceOf<T> {
	use codec::MaxEncodedLen;
	let bytes = T::MaxUriLen::get()
		.saturating_add(T::MaxLicenseLen::get())
		.saturating_add(u32::try_from(ContributorsOf::<T>::max_encoded_len()).unwrap_or(u32::MAX));
	T::DepositBase::get().saturating_add(T::DepositPerByte::get().saturating_mul(bytes.into()))
}

/// An account with enough for several maximal datasets and attestations.
fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	let amount = T::Currency::minimum_balance()
		.saturating_add(T::AttestationDeposit::get())
		.saturating_add(max_dataset_deposit::<T>())
		.saturating_mul(10u32.into());
	T::Currency::set_balance(&who, amount);
	who
}

fn bytes<S: Get<u32>>(len: u32) -> Result<BoundedVec<u8, S>, BenchmarkError> {
	BoundedVec::try_from(vec![b'a'; len as usize])
		.map_err(|_| BenchmarkError::Stop("length over its bound"))
}

/// `n` distinct contributors whose shares add up to exactly 100%.
fn contributors<T: Config>(n: u32) -> Result<ContributorsOf<T>, BenchmarkError> {
	let mut list = Vec::new();
	if n > 0 {
		let whole = Perbill::one().deconstruct();
		let each = whole.checked_div(n).unwrap_or(whole);
		let first = whole.saturating_sub(each.saturating_mul(n.saturating_sub(1)));
		for i in 0..n {
			let share = if i == 0 { first } else { each };
			list.push((account::<T::AccountId>("contributor", i, 0), Perbill::from_parts(share)));
		}
	}
	BoundedVec::try_from(list).map_err(|_| BenchmarkError::Stop("too many contributors"))
}

fn content_hash(seed: u64) -> H256 {
	benchmark_hash(b"bench", seed)
}

/// Registers a dataset with every variable-length field at its bound.
fn max_dataset<T: Config>(owner: &T::AccountId, seed: u64) -> Result<DatasetId, BenchmarkError> {
	Pallet::<T>::do_register_dataset(
		owner.clone(),
		content_hash(seed),
		H256::repeat_byte(1),
		bytes(T::MaxUriLen::get())?,
		bytes(T::MaxLicenseLen::get())?,
		Sensitivity::Personal,
		None,
		contributors::<T>(T::MaxContributors::get())?,
	)
	.map_err(|_| BenchmarkError::Stop("registering a dataset failed"))
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_dataset(
		u: Linear<0, { T::MaxUriLen::get() }>,
		l: Linear<1, { T::MaxLicenseLen::get() }>,
		c: Linear<0, { T::MaxContributors::get() }>,
	) -> Result<(), BenchmarkError> {
		let caller = funded::<T>("caller", 0);
		// With a parent: one more read and the derivation edge written.
		let parent = max_dataset::<T>(&caller, 1)?;
		let uri = bytes(u)?;
		let license = bytes(l)?;
		let contributors = contributors::<T>(c)?;
		let deposit = Pallet::<T>::dataset_deposit(uri.len(), license.len(), &contributors);
		let hash = content_hash(2);
		let id = NextDatasetId::<T>::get();

		#[extrinsic_call]
		_(
			RawOrigin::Signed(caller.clone()),
			hash,
			H256::repeat_byte(2),
			uri,
			license,
			Sensitivity::SpecialCategory,
			Some((parent, DerivationKind::NewVersion)),
			contributors,
		);

		assert_last_event::<T>(Event::DatasetRegistered {
			id,
			owner: caller,
			content_hash: hash,
			parent: Some((parent, DerivationKind::NewVersion)),
			deposit,
		});
		Ok(())
	}

	#[benchmark]
	fn update_metadata(u: Linear<0, { T::MaxUriLen::get() }>) -> Result<(), BenchmarkError> {
		let caller = funded::<T>("caller", 0);
		let id = max_dataset::<T>(&caller, 1)?;
		let uri = bytes(u)?;
		let record = Datasets::<T>::get(id).ok_or(BenchmarkError::Stop("no dataset"))?;
		let deposit =
			Pallet::<T>::dataset_deposit(uri.len(), record.license.len(), &record.contributors);
		let metadata_hash = H256::repeat_byte(9);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), id, metadata_hash, uri);

		assert_last_event::<T>(Event::MetadataUpdated { id, metadata_hash, deposit });
		Ok(())
	}

	#[benchmark]
	fn set_contributors(c: Linear<0, { T::MaxContributors::get() }>) -> Result<(), BenchmarkError> {
		let caller = funded::<T>("caller", 0);
		let id = max_dataset::<T>(&caller, 1)?;
		let new = contributors::<T>(c)?;
		let record = Datasets::<T>::get(id).ok_or(BenchmarkError::Stop("no dataset"))?;
		let deposit = Pallet::<T>::dataset_deposit(record.uri.len(), record.license.len(), &new);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), id, new);

		assert_last_event::<T>(Event::ContributorsSet { id, count: c, deposit });
		Ok(())
	}

	#[benchmark]
	fn transfer_ownership() -> Result<(), BenchmarkError> {
		let caller = funded::<T>("caller", 0);
		let id = max_dataset::<T>(&caller, 1)?;
		let to: T::AccountId = account("new_owner", 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), id, to.clone());

		assert_last_event::<T>(Event::OwnershipTransferProposed { id, from: caller, to });
		Ok(())
	}

	#[benchmark]
	fn accept_ownership() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let id = max_dataset::<T>(&owner, 1)?;
		let delegate: T::AccountId = account("delegate", 0, 0);
		Pallet::<T>::do_set_delegate(&owner, id, Some(delegate))
			.map_err(|_| BenchmarkError::Stop("setting the delegate failed"))?;
		let caller = funded::<T>("new_owner", 0);
		Pallet::<T>::do_transfer_ownership(&owner, id, caller.clone())
			.map_err(|_| BenchmarkError::Stop("proposing the transfer failed"))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), id);

		assert_last_event::<T>(Event::OwnershipTransferred { id, from: owner, to: caller });
		Ok(())
	}

	#[benchmark]
	fn cancel_ownership_transfer() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let id = max_dataset::<T>(&owner, 1)?;
		let to: T::AccountId = account("new_owner", 0, 0);
		Pallet::<T>::do_transfer_ownership(&owner, id, to.clone())
			.map_err(|_| BenchmarkError::Stop("proposing the transfer failed"))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id);

		assert_last_event::<T>(Event::OwnershipTransferCancelled { id, to });
		Ok(())
	}

	#[benchmark]
	fn set_delegate() -> Result<(), BenchmarkError> {
		let caller = funded::<T>("caller", 0);
		let id = max_dataset::<T>(&caller, 1)?;
		let delegate: T::AccountId = account("delegate", 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), id, Some(delegate.clone()));

		assert_last_event::<T>(Event::DelegateSet { id, delegate: Some(delegate) });
		Ok(())
	}

	#[benchmark]
	fn retire_dataset() -> Result<(), BenchmarkError> {
		let caller = funded::<T>("caller", 0);
		let id = max_dataset::<T>(&caller, 1)?;
		// A pending offer, so that it is removed too.
		Pallet::<T>::do_transfer_ownership(&caller, id, account("new_owner", 0, 0))
			.map_err(|_| BenchmarkError::Stop("proposing the transfer failed"))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), id);

		assert_last_event::<T>(Event::DatasetRetired { id });
		Ok(())
	}

	#[benchmark]
	fn attest_dataset(k: Linear<0, { T::MaxCustomKindLen::get() }>) -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let id = max_dataset::<T>(&owner, 1)?;
		let caller = funded::<T>("attestor", 0);
		Attestors::<T>::insert(&caller, ());
		// All but the last slot taken.
		for _ in 1..T::MaxAttestations::get() {
			Pallet::<T>::do_attest_dataset(
				caller.clone(),
				id,
				AttestationKind::QualityAudit,
				H256::repeat_byte(3),
			)
			.map_err(|_| BenchmarkError::Stop("attesting failed"))?;
		}
		let index = AttestationCount::<T>::get(id);
		let kind = AttestationKind::Custom(bytes(k)?);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), id, kind.clone(), H256::repeat_byte(4));

		assert_last_event::<T>(Event::DatasetAttested { id, attestor: caller, index, kind });
		Ok(())
	}

	#[benchmark]
	fn add_attestor() -> Result<(), BenchmarkError> {
		let origin =
			T::AttestorOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		// Make room whatever the genesis set was.
		let _ = Attestors::<T>::clear(u32::MAX, None);
		let who: T::AccountId = account("attestor", 0, 0);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert_last_event::<T>(Event::AttestorAdded { who });
		Ok(())
	}

	#[benchmark]
	fn remove_attestor() -> Result<(), BenchmarkError> {
		let origin =
			T::AttestorOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let _ = Attestors::<T>::clear(u32::MAX, None);
		let who: T::AccountId = account("attestor", 0, 0);
		Attestors::<T>::insert(&who, ());

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert_last_event::<T>(Event::AttestorRemoved { who });
		Ok(())
	}

	/// A stranger derives from a dataset whose own derivation basis holds `b` grants, under
	/// a grant found in the consent pallet and consumed. Measured as a whole registration
	/// with the smallest fields, so its base overlaps `register_dataset`'s: an overcharge.
	#[benchmark]
	fn derive_dataset(
		b: Linear<0, { T::MaxDerivationBasis::get().saturating_sub(1) }>,
	) -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let caller = funded::<T>("caller", 0);
		let (parent, _) = T::Consent::benchmark_grant(&owner, &caller)
			.map_err(|_| BenchmarkError::Stop("granting consent failed"))?;
		let mut inherited = Vec::new();
		for i in 0..b {
			let other: T::AccountId = account("other-owner", i, 0);
			let (_, g) = T::Consent::benchmark_grant(&other, &caller)
				.map_err(|_| BenchmarkError::Stop("granting consent failed"))?;
			inherited.push(g);
		}
		inherited.sort();
		for g in &inherited {
			GrantDatasets::<T>::insert(g, parent, ());
			GrantDatasetCount::<T>::mutate(g, |n| *n = n.saturating_add(1));
		}
		DerivationBasis::<T>::insert(
			parent,
			DerivationBasisOf::<T>::try_from(inherited)
				.map_err(|_| BenchmarkError::Stop("basis over its bound"))?,
		);
		let id = NextDatasetId::<T>::get();

		#[extrinsic_call]
		register_dataset(
			RawOrigin::Signed(caller.clone()),
			content_hash(7),
			H256::repeat_byte(2),
			BoundedVec::default(),
			bytes(1)?,
			Sensitivity::SpecialCategory,
			Some((parent, DerivationKind::Subset)),
			ContributorsOf::<T>::default(),
		);

		let basis = DerivationBasis::<T>::get(id);
		assert_eq!(basis.len() as u32, b.saturating_add(1));
		// The grant on the parent joined the basis. (Compared by dataset: the test mock keeps
		// grants outside storage, so ids may repeat across the suite's runs.)
		assert!(basis.iter().any(|g| T::Consent::grant_dataset(*g) == Some(parent)));
		Ok(())
	}

	/// Lowering, with every attestation read and the de-identification the last.
	#[benchmark]
	fn set_sensitivity(a: Linear<1, { T::MaxAttestations::get() }>) -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let id = max_dataset::<T>(&owner, 1)?;
		let attestor = funded::<T>("attestor", 0);
		Attestors::<T>::insert(&attestor, ());
		for i in 0..a {
			let kind = if i.saturating_add(1) == a {
				AttestationKind::Deidentified
			} else {
				AttestationKind::QualityAudit
			};
			Pallet::<T>::do_attest_dataset(attestor.clone(), id, kind, H256::repeat_byte(3))
				.map_err(|_| BenchmarkError::Stop("attesting failed"))?;
		}

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, Sensitivity::Public);

		assert_last_event::<T>(Event::SensitivityChanged { id, sensitivity: Sensitivity::Public });
		Ok(())
	}

	#[benchmark]
	fn dispute_dataset() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let id = max_dataset::<T>(&owner, 1)?;
		let origin =
			T::DisputeOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id, H256::repeat_byte(5));

		assert_last_event::<T>(Event::DatasetDisputed { id, evidence_hash: H256::repeat_byte(5) });
		Ok(())
	}

	/// Reassigning, with a delegate and a pending offer to clear.
	#[benchmark]
	fn resolve_dataset_dispute() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let id = max_dataset::<T>(&owner, 1)?;
		Pallet::<T>::do_set_delegate(&owner, id, Some(account("delegate", 0, 0)))
			.map_err(|_| BenchmarkError::Stop("setting the delegate failed"))?;
		Pallet::<T>::do_transfer_ownership(&owner, id, account("offered", 0, 0))
			.map_err(|_| BenchmarkError::Stop("proposing the transfer failed"))?;
		Pallet::<T>::do_dispute_dataset(id, H256::repeat_byte(5))
			.map_err(|_| BenchmarkError::Stop("disputing failed"))?;
		let rightful = funded::<T>("rightful", 0);
		let origin =
			T::DisputeOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id, Some(rightful.clone()));

		assert_last_event::<T>(Event::DatasetReassigned { id, from: owner, to: rightful });
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
