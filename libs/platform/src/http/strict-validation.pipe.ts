import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ApiError } from './error-body.filter';

/** ValidationPipe({whitelist, forbidNonWhitelisted, transform}) whose 400 names each field and rule. */
export function strictValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new ApiError(400, 'request is invalid', flattenErrors(errors)),
  });
}

function flattenErrors(errors: ValidationError[], prefix = ''): { path: string; message: string }[] {
  return errors.flatMap((e) => {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([rule, message]) => ({
      path,
      message: rule === 'whitelistValidation' ? `${path} is not an allowed field` : message,
    }));
    return [...own, ...flattenErrors(e.children ?? [], path)];
  });
}
