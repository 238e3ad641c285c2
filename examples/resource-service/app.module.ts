import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { AuthGuardModule } from '@auth-service/guard';
import { PingController } from './ping.controller.js';
import { ProfileController } from './profile.controller.js';

@Module({
  imports: [
    // The environment only: this example shares its folder with the auth service's .env.
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true }),
    AuthGuardModule.forRootAsync({
      global: true, // every route needs a token unless it is @Public()
      inject: [ConfigService],
      useFactory: (config: ConfigService) => {
        const authUrl = config.get<string>('AUTH_URL', 'http://localhost:3000');
        const maxStaleness = config.get<string>('REVOCATION_MAX_STALENESS');
        return {
          issuer: config.get<string>('AUTH_ISSUER', authUrl),
          audience: config.get<string>('AUTH_AUDIENCE', 'api'),
          jwksUri: `${authUrl}/.well-known/jwks.json`,
          revocations: {
            secret: config.get<string>('REVOCATION_FEED_SECRET'),
            maxStalenessSeconds: maxStaleness ? Number(maxStaleness) : undefined,
          },
        };
      },
    }),
  ],
  controllers: [ProfileController, PingController],
})
export class AppModule {}
