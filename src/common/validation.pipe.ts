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

/**
 * A validator that throws instead of reporting (e.g. on input no rule expected) is still a bad
 * request, never a 500.
 */
class SafeValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
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

/** Global pipe: unknown fields are refused, wrong types never reach a service. */
export function createValidationPipe(): ValidationPipe {
  return new SafeValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    stopAtFirstError: true,
    exceptionFactory: (errors) => new AppError(ErrorCode.ValidationFailed, 'The request is not valid', flatten(errors)),
  });
}
