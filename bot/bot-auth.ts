import { CallerIdConstants } from 'botbuilder';
import { AuthenticationConstants } from 'botframework-connector';

/**
 * The Bot Framework authentication settings for the adapter: the public cloud's defaults, or the same
 * with the OpenID metadata (where the keys that sign Teams' tokens are published) at another address.
 * botframework-connector takes every setting as given once one is set, so all are spelled out.
 */
export function botAuthConfig(openIdMetadataUrl?: string): Record<string, string | boolean> {
  if (!openIdMetadataUrl) return {};
  return {
    ValidateAuthority: true,
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    ToBotFromChannelOpenIdMetadataUrl: openIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: openIdMetadataUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
  };
}
