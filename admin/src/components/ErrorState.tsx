import { Box, Typography } from '@strapi/design-system';

/** A failed request's message, in place of the content it would have shown. */
export const ErrorState = ({ message }: { message: string }) => (
  <Box background="danger100" padding={4} hasRadius role="alert">
    <Typography textColor="danger700">{message}</Typography>
  </Box>
);
