import { describe, expect, it } from 'vitest';
import {
  InvalidObjectionError,
  ObjectionAlreadyExistsError,
  ObjectionAlreadyOpenError,
  ObjectionNotFoundError,
  ObjectionStatusChangedError,
} from '../../../shared/objections/errors.ts';
import { accept, reject, startReview } from '../../../shared/objections/objection.ts';
import { c } from '../../support/calendar.ts';
import { InMemoryObjectionRepository } from '../../support/fakes/in-memory-objection-repository.ts';
import {
  arrearsFor,
  HOUSEHOLD,
  OPERATOR,
  riyadhNoon,
  submittedObjection,
} from '../../support/objections.ts';

const by = { at: riyadhNoon('2026-04-01'), by: OPERATOR };

describe('InMemoryObjectionRepository', () => {
  it('refuses a second open objection to the same result, whatever its id', async () => {
    const repository = new InMemoryObjectionRepository();
    await repository.create(submittedObjection());

    await expect(repository.create(submittedObjection({ sequence: 2 }))).rejects.toThrow(
      ObjectionAlreadyOpenError,
    );
  });

  it('refuses an id that is already stored, once the result is free again', async () => {
    // Arrange
    const repository = new InMemoryObjectionRepository();
    const first = submittedObjection();
    await repository.create(first);
    const reviewed = startReview(first, by);
    await repository.save(reviewed, 'submitted');
    await repository.save(reject(reviewed, { ...by, reason: 'No grounds.' }), 'under-review');

    // Act / Assert
    await expect(repository.create(submittedObjection())).rejects.toThrow(
      ObjectionAlreadyExistsError,
    );
    await expect(repository.create(submittedObjection({ sequence: 2 }))).resolves.toBeUndefined();
  });

  it('writes only when the stored status is the expected one', async () => {
    const repository = new InMemoryObjectionRepository();
    const first = submittedObjection();
    await repository.create(first);
    await repository.save(startReview(first, by), 'submitted');

    await expect(repository.save(startReview(first, by), 'submitted')).rejects.toThrow(
      ObjectionStatusChangedError,
    );
  });

  it('refuses to save or accept an objection it does not hold', async () => {
    const repository = new InMemoryObjectionRepository();
    const reviewed = startReview(submittedObjection(), by);

    await expect(repository.save(reviewed, 'submitted')).rejects.toThrow(ObjectionNotFoundError);
    await expect(
      repository.acceptWithArrears(accept(reviewed, { ...by, arrears: null }), null),
    ).rejects.toThrow(ObjectionNotFoundError);
  });

  it('accepts only an objection stored as under review, and adds its arrears to the household', async () => {
    // Arrange
    const repository = new InMemoryObjectionRepository();
    const first = submittedObjection();
    await repository.create(first);
    const reviewed = startReview(first, by);
    const accepted = accept(reviewed, { ...by, arrears: arrearsFor(reviewed) });

    // Act / Assert
    await expect(repository.acceptWithArrears(accepted, accepted.arrears)).rejects.toThrow(
      ObjectionStatusChangedError,
    );
    expect(repository.arrearsOf(HOUSEHOLD)).toEqual({});
    await repository.save(reviewed, 'submitted');
    await repository.acceptWithArrears(accepted, accepted.arrears);
    expect(repository.arrearsOf(HOUSEHOLD)).toEqual({ [first.objectionId]: arrearsFor(reviewed) });
    expect(repository.openGuardOf(HOUSEHOLD, c('2026-03'))).toBeNull();
  });

  it('refuses a record that does not match the schema', async () => {
    const repository = new InMemoryObjectionRepository();

    await expect(
      repository.create({ ...submittedObjection(), householdId: 'household-1' }),
    ).rejects.toThrow(InvalidObjectionError);
  });

  it('hands out copies, so that changing one changes nothing stored', async () => {
    const repository = new InMemoryObjectionRepository();
    const first = submittedObjection();
    await repository.create(first);

    const copy = await repository.get(first.objectionId);
    copy?.documents.push('doc/forged.pdf');

    expect((await repository.get(first.objectionId))?.documents).toEqual(first.documents);
  });

  it('lists a household by result cycle, then sequence', async () => {
    const repository = new InMemoryObjectionRepository();
    const march = submittedObjection();
    const february = submittedObjection({ resultCycle: c('2026-02') });
    await repository.create(march);
    await repository.create(february);
    await repository.create(submittedObjection({ householdId: 'H0000002' }));

    const listed = await repository.listByHousehold(HOUSEHOLD);

    expect(listed.map((objection) => objection.objectionId)).toEqual([
      'O-H0000001-2026-02-1',
      'O-H0000001-2026-03-1',
    ]);
    expect(await repository.findOpen(HOUSEHOLD, c('2026-02'))).toEqual(february);
    expect(await repository.findOpen(HOUSEHOLD, c('2026-04'))).toBeNull();
  });
});
