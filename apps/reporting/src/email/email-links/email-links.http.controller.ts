import { Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '@ips/platform';
import { FollowEmailLink } from './email-link.commands';
import type { EmailPage } from './email-pages';
import { HTML_PAGE } from '../../reporting-api.schema';

/**
 * The pages behind the links in e-mails. No key: the signed token in the link is the
 * authority, and it only reaches the address it was sent to. GET shows, POST does (the
 * button on the page, or a mail program's one-click unsubscribe, RFC 8058).
 */
@ApiTags('email')
@Controller('email')
export class EmailLinksHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Get('confirm')
  @Public()
  @ApiOperation({
    summary:
      'The page a confirmation link opens: a button to confirm the subscription (no key; the token is the proof)',
  })
  @ApiQuery({
    name: 'code',
    required: true,
    description:
      'the signed code from the e-mail (it stands for no API key; keys are never accepted in URLs)',
  })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'the page with the button to confirm', content: HTML_PAGE })
  @ApiResponse({ status: 400, description: 'a page: the code is not a valid link', content: HTML_PAGE })
  @ApiResponse({ status: 404, description: 'a page: the subscription no longer exists', content: HTML_PAGE })
  @ApiResponse({ status: 409, description: 'a page: the subscription has ended', content: HTML_PAGE })
  @ApiResponse({
    status: 410,
    description: 'a page: the confirmation link has expired (after 7 days)',
    content: HTML_PAGE,
  })
  @ApiResponse({ status: 503, description: 'a page: e-mail is off on this service', content: HTML_PAGE })
  lookConfirm(@Query('code') token: string | undefined, @Res() res: Response): Promise<void> {
    return this.follow('confirm', 'look', token, res);
  }

  @Post('confirm')
  @HttpCode(200)
  @Public()
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiOperation({ summary: 'Confirm the subscription of the token (the page’s button)' })
  @ApiQuery({
    name: 'code',
    required: true,
    description:
      'the signed code from the e-mail (it stands for no API key; keys are never accepted in URLs)',
  })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'the page saying the subscription is confirmed', content: HTML_PAGE })
  @ApiResponse({ status: 400, description: 'a page: the code is not a valid link', content: HTML_PAGE })
  @ApiResponse({ status: 404, description: 'a page: the subscription no longer exists', content: HTML_PAGE })
  @ApiResponse({ status: 409, description: 'a page: the subscription has ended', content: HTML_PAGE })
  @ApiResponse({
    status: 410,
    description: 'a page: the confirmation link has expired (after 7 days)',
    content: HTML_PAGE,
  })
  @ApiResponse({ status: 503, description: 'a page: e-mail is off on this service', content: HTML_PAGE })
  confirm(@Query('code') token: string | undefined, @Res() res: Response): Promise<void> {
    return this.follow('confirm', 'act', token, res);
  }

  @Get('unsubscribe')
  @Public()
  @ApiOperation({
    summary:
      'The page an unsubscribe link opens: a button to stop the reports (no key; the token is the proof)',
  })
  @ApiQuery({
    name: 'code',
    required: true,
    description:
      'the signed code from the e-mail (it stands for no API key; keys are never accepted in URLs)',
  })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'the page with the button to unsubscribe', content: HTML_PAGE })
  @ApiResponse({ status: 400, description: 'a page: the code is not a valid link', content: HTML_PAGE })
  @ApiResponse({ status: 404, description: 'a page: the subscription no longer exists', content: HTML_PAGE })
  @ApiResponse({ status: 503, description: 'a page: e-mail is off on this service', content: HTML_PAGE })
  lookUnsubscribe(@Query('code') token: string | undefined, @Res() res: Response): Promise<void> {
    return this.follow('unsubscribe', 'look', token, res);
  }

  @Post('unsubscribe')
  @HttpCode(200)
  @Public()
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiOperation({
    summary:
      'Unsubscribe (the page’s button, or one-click from a mail program: List-Unsubscribe-Post, RFC 8058)',
  })
  @ApiQuery({
    name: 'code',
    required: true,
    description:
      'the signed code from the e-mail (it stands for no API key; keys are never accepted in URLs)',
  })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'the page saying the reports stop', content: HTML_PAGE })
  @ApiResponse({ status: 400, description: 'a page: the code is not a valid link', content: HTML_PAGE })
  @ApiResponse({ status: 404, description: 'a page: the subscription no longer exists', content: HTML_PAGE })
  @ApiResponse({ status: 503, description: 'a page: e-mail is off on this service', content: HTML_PAGE })
  unsubscribe(@Query('code') token: string | undefined, @Res() res: Response): Promise<void> {
    return this.follow('unsubscribe', 'act', token, res);
  }

  private async follow(
    purpose: 'confirm' | 'unsubscribe',
    step: 'look' | 'act',
    token: string | undefined,
    res: Response,
  ): Promise<void> {
    const path = `/email/${purpose}?code=${encodeURIComponent(token ?? '')}`;
    const page: EmailPage = await this.commands.execute(
      new FollowEmailLink(purpose, step, typeof token === 'string' ? token : '', path),
    );
    // the token is in the URL: keep it out of other sites' logs and out of caches
    res.setHeader('Content-Security-Policy', page.policy);
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    res.status(page.status).type('text/html; charset=utf-8').send(page.html);
  }
}
