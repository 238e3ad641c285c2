import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@auth-service/guard';
import { ApiBearer, ApiErrors } from '../common/api-errors.decorator.js';
import { ErrorCode } from '../common/errors.js';
import { IdParams } from '../common/params.dto.js';
import { UsersService } from '../users/users.service.js';
import { IdentityResponse, toIdentityView } from './dto/oidc.dto.js';
import { OidcService } from './oidc.service.js';

/** The console's view of a user's linked provider accounts (admins only, like every /admin route). */
@ApiTags('admin')
@ApiBearer()
@ApiErrors(ErrorCode.Forbidden, ErrorCode.ValidationFailed)
@Controller('admin')
@Roles('admin')
export class OidcAdminController {
  constructor(
    private readonly oidc: OidcService,
    private readonly users: UsersService,
  ) {}

  @Get('users/:id/identities')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: "A user's linked OpenID Connect provider accounts, oldest first" })
  @ApiOkResponse({ type: [IdentityResponse] })
  @ApiErrors(ErrorCode.NotFound)
  async identities(@Param() params: IdParams) {
    await this.users.findById(params.id); // an unknown user is 404, not an empty list
    return (await this.oidc.listIdentities(params.id)).map(toIdentityView);
  }
}
