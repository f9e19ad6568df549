// Typed errors of the runtime. Each says what happened and to what, so a
// caller can act on `instanceof` or on `code` (errors cross threads as codes).

export class RuntimeError extends Error {
  readonly code: string = 'RuntimeError';
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class InvalidAddressError extends RuntimeError {
  override readonly code = 'InvalidAddress';
  constructor(readonly address: string) {
    super(`"${address}" is not an actor address (expected "<thread>/<id>", as returned by spawn)`);
  }
}

export class UnknownActorError extends RuntimeError {
  override readonly code = 'UnknownActor';
  constructor(readonly address: string) {
    super(`no actor at ${address}: it was never spawned, has stopped, or is still being spawned by another sender`);
  }
}

export class UnknownLogicError extends RuntimeError {
  override readonly code = 'UnknownLogic';
  constructor(readonly logic: string, known: string[]) {
    super(`no actor logic named "${logic}" is registered (known: ${known.join(', ') || 'none'}); list its module in createRuntime({ modules })`);
  }
}

export class DuplicateActorError extends RuntimeError {
  override readonly code = 'DuplicateActor';
  constructor(readonly address: string) {
    super(`an actor already runs at ${address}; stop it first or choose another id`);
  }
}

export class AskTimeoutError extends RuntimeError {
  override readonly code = 'AskTimeout';
  constructor(readonly address: string, readonly eventType: string, readonly timeoutMs: number) {
    super(`ask ${address} "${eventType}" got no reply within ${timeoutMs} ms`);
  }
}

export class EncodeError extends RuntimeError {
  override readonly code = 'Encode';
  constructor(readonly path: string, what: string) {
    super(`cannot send ${what} at ${path}: events must be plain data (objects, arrays, strings, numbers, booleans, null, Dates, byte arrays)`);
  }
}

export class InvalidEventError extends RuntimeError {
  override readonly code = 'InvalidEvent';
  constructor(got: string) {
    super(`an event must be an object with a string "type", got ${got}`);
  }
}

export class RuntimeClosedError extends RuntimeError {
  override readonly code = 'RuntimeClosed';
  constructor(what: string) {
    super(`cannot ${what}: the runtime is closed`);
  }
}

export class ActorFailedError extends RuntimeError {
  override readonly code = 'ActorFailed';
  constructor(readonly address: string, cause: string) {
    super(`actor ${address} failed while handling the request: ${cause}`);
  }
}

/** Rebuild a typed error from the `{code, message}` that crossed a thread. */
export function errorFromWire(code: string, message: string, address: string): RuntimeError {
  let err: RuntimeError;
  switch (code) {
    case 'UnknownActor': err = new UnknownActorError(address); break;
    case 'DuplicateActor': err = new DuplicateActorError(address); break;
    case 'ActorFailed': err = new ActorFailedError(address, message); break;
    default: err = new RuntimeError(message);
  }
  if (err.message !== message && code !== 'ActorFailed') err.message = message;
  return err;
}
