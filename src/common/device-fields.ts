import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { DEVICE_ID_PATTERN, DEVICE_ID_RULE } from '@auth-service/contract';

/**
 * The optional `deviceId` and `deviceName` of every body or query that starts a session
 * (password login, passkey sign-in, provider sign-in): one rule each, the pattern from the
 * contract. Listed bottom-up, as they would be stacked on the property.
 */
export function DeviceIdField(doc: { description?: string; example?: string } = {}): PropertyDecorator {
  return applyDecorators(
    Matches(DEVICE_ID_PATTERN, { message: DEVICE_ID_RULE }),
    IsString(),
    IsOptional(),
    ApiPropertyOptional({ pattern: DEVICE_ID_PATTERN.source, ...doc }),
  );
}

/** A device's name as people read it in their session list: 1 to 200 characters. */
export function DeviceNameField(doc: { example?: string } = {}): PropertyDecorator {
  return applyDecorators(Length(1, 200), IsString(), IsOptional(), ApiPropertyOptional({ minLength: 1, maxLength: 200, ...doc }));
}
