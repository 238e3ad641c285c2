import { ArgumentMetadata, HttpException, ValidationError, ValidationPipe } from '@nestjs/common';
import { validateSync, type ValidatorOptions } from 'class-validator';
import { AppError, ErrorCode, FieldProblem } from './errors.js';

/**
 * One problem per field (stopAtFirstError leaves one constraint each): a missing field is
 * "required" rather than every rule an absent value breaks.
 */
function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const first = Object.values(error.constraints ?? {})[0];
    const own = first === undefined ? [] : [{ field, message: error.value === undefined ? `${field} is required` : first }];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** A pure test that a body certainly passes a DTO's rules (see `acceptAsIs`). */
export type PlainCheck = (body: Record<string, unknown>) => boolean;

const plainChecks = new Map<Function, { check: PlainCheck; build: (body: Record<string, unknown>) => object }>();

/**
 * For a DTO checked on a hot path (the refresh body, every refresh; a passkey sign-in's
 * assertion): `check` accepts a body that certainly passes the DTO's class-validator rules, and
 * the pipe then builds the DTO from it directly, without class-transformer and class-validator
 * (about 200 µs of a refresh's CPU under load, 0.4 ms of a passkey sign-in's). Anything `check`
 * does not accept takes the full path, with its answers and messages. `check` must never accept
 * what the rules refuse: validation.pipe.spec.ts runs a table of bodies through both. `build`
 * makes what class-transformer would: by default a new instance with the body's keys, which is
 * right for DTOs of plain string fields; a DTO with nested DTOs builds their instances too.
 */
export function acceptAsIs(
  dto: Function,
  check: PlainCheck,
  build: (body: Record<string, unknown>) => object = (body) => Object.assign(new (dto as new () => object)(), body),
): void {
  plainChecks.set(dto, { check, build });
}

/** Fields all optional strings, none null, no other key; `fields` says what each value must be. */
export function optionalStrings(body: Record<string, unknown>, fields: Record<string, (value: string) => boolean>): boolean {
  for (const key in body) {
    if (!Object.hasOwn(body, key)) return false;
    const rule = Object.hasOwn(fields, key) ? fields[key] : undefined;
    const value = body[key];
    if (rule === undefined || (value !== undefined && (typeof value !== 'string' || !rule(value)))) return false;
  }
  return true;
}

/** A body as JSON.parse makes it: an object with Object.prototype, nothing inherited or odd. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/**
 * A validator that throws instead of reporting (e.g. on input no rule expected) is still a bad
 * request, never a 500.
 */
class SafeValidationPipe extends ValidationPipe {
  constructor(
    options: ConstructorParameters<typeof ValidationPipe>[0],
    private readonly asIs: boolean,
  ) {
    super(options);
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const asIs = this.asIs && metadata.type === 'body' && metadata.metatype ? plainChecks.get(metadata.metatype) : undefined;
    if (asIs && isPlainObject(value) && asIs.check(value)) return asIs.build(value);
    try {
      return await super.transform(value, metadata);
    } catch (error) {
      if (error instanceof AppError || error instanceof HttpException) throw error;
      throw new AppError(ErrorCode.ValidationFailed, 'The request is not valid');
    }
  }

  /**
   * Our DTOs have no asynchronous rules (class-validator's validateSync would skip one): checked
   * synchronously, a body costs no promise per rule. The refresh body is checked on every refresh.
   */
  protected override validate(object: object, options?: ValidatorOptions): ValidationError[] {
    return validateSync(object, options);
  }
}

/**
 * Global pipe: unknown fields are refused, wrong types never reach a service. `asIs: false`
 * turns off `acceptAsIs` (the spec compares both paths).
 */
export function createValidationPipe({ asIs = true }: { asIs?: boolean } = {}): ValidationPipe {
  return new SafeValidationPipe(
    {
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      forbidUnknownValues: true,
      stopAtFirstError: true,
      exceptionFactory: (errors) => new AppError(ErrorCode.ValidationFailed, 'The request is not valid', flatten(errors)),
    },
    asIs,
  );
}
